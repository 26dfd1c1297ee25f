// The window's entry, in both editions: Vue with Pinia, mounted on #app.

import './csp-safe-zod';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import './styles/theme.css';

createApp(App).use(createPinia()).mount('#app');

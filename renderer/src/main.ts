// Placeholder page until the Vue interface lands: shows the product name, so a built app opens
// to something.

const root = document.getElementById('app');
if (root) root.textContent = 'MLP Studio';

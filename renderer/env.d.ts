// Types the bundler provides to the window's code.

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface ImportMetaEnv {
  readonly DEV: boolean;
  readonly PROD: boolean;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}

// A file's text, bundled (Vite's ?raw suffix).
declare module '*?raw' {
  const text: string;
  export default text;
}

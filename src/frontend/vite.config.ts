/**
 * Builds the Bitrix24 app page (Vue 3 + Bitrix24 UI Kit) into <repo>/dist/frontend.
 * `npm run build:page` runs it; the server serves dist/frontend/assets/* at /b24/static/assets/*
 * and sends index.html itself after putting the launch context in place of <!--launch-context-->.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const frontendRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig(async (): Promise<UserConfig> => {
  // The kit's Vite plugin is ESM-only and this config is loaded as CommonJS (the repo has no "type": "module").
  const { default: b24UiPlugin } = await import('@bitrix24/b24ui-nuxt/vite');
  return {
  root: frontendRoot,
  base: '/b24/static/',
  publicDir: false,
  plugins: [
    vue(),
    b24UiPlugin({
      // The generated theme goes to <repo>/node_modules/.b24ui-nuxt, next to the kit itself.
      root: repoRoot,
      // Bitrix24 shows the app in its own (light) design; no color-mode switching or storage.
      colorMode: false,
      // No Markdown here: do not register the prose components globally.
      prose: false,
      mdc: false,
      // Generate theme CSS only for the components this page uses.
      experimental: { componentDetection: true },
      components: { dts: fileURLToPath(new URL('./src/types/components.d.ts', import.meta.url)) },
      autoImport: { dts: fileURLToPath(new URL('./src/types/auto-imports.d.ts', import.meta.url)) },
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../../dist/frontend', import.meta.url)),
    emptyOutDir: true,
    // CSP is script-src 'self': no inline module-preload polyfill.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs into scripts; keep them as files.
    assetsInlineLimit: 0,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // The app page, and the install page Bitrix24 shows while the app is installed.
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        install: fileURLToPath(new URL('./install.html', import.meta.url)),
      },
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/@bitrix24/b24jssdk')) return 'b24jssdk';
          if (/node_modules\/(vue|@vue|vue-router)\//.test(id)) return 'vue';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/b24/install': 'http://localhost:3000' },
  },
};
});

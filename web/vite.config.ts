import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The build is committed (web/dist) and embedded in the Go binary, so it
// must be the same bytes on every machine: no timestamps, no absolute
// paths, hashed names from content only.
// GraphiQL's stylesheet carries its fonts as data: URLs, which the CSP's
// font-src 'self' refuses (an error in the console on every visit); without
// them GraphiQL uses the system's fonts.
function dropDataFonts(): Plugin {
  return {
    name: 'reftrack-drop-data-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!/graphiql\/dist\/style\.css$/.test(id.split('?')[0] ?? '')) return null;
      return { code: code.replace(/@font-face\s*{[^}]*url\(\s*["']?data:[^}]*}/g, ''), map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), dropDataFonts()],
  base: '/',
  resolve: {
    // GraphiQL's dialogs lock scrolling with a <style> element, which the
    // CSP refuses; src/shims/remove-scroll.tsx does it without one.
    alias: [{ find: /^react-remove-scroll$/, replacement: fileURLToPath(new URL('./src/shims/remove-scroll.tsx', import.meta.url)) }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // The polyfill would be an inline script, which the CSP forbids.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // GraphiQL's react-compiler-runtime says "use no memo", which only
        // the React compiler reads; nothing to do about it here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:8080', ws: true },
      '/auth': 'http://127.0.0.1:8080',
      '/r': 'http://127.0.0.1:8080',
    },
  },
});

import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Served by the MemberCard server at /console/ (src/MemberCard.Server/AdminConsole/ConsoleHosting.cs).
export default defineConfig({
  base: '/console/',
  plugins: [
    vue(),
    // Element Plus components and their styles are imported where a page uses them, so each lazy page carries its own.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The preload polyfill would be an inline script; the CSP allows none.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': 'http://localhost:5080' },
  },
  test: {
    environment: 'happy-dom',
    // Element Plus imports its CSS from JS; Vite must transform it rather than Node load it.
    server: { deps: { inline: ['element-plus'] } },
    include: ['tests/**/*.test.ts'],
    reporters: ['default', 'junit'],
    outputFile: { junit: 'test-results/junit.xml' },
  },
})

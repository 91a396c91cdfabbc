import { defineConfig, type Plugin } from 'vite';

const OUT_DIR = 'dist/widget';

/**
 * Writes dist/widget/custom-elements.json (tags, attributes, properties, events, parts, CSS
 * properties, read from the JSDoc of widget/billpay-checkout.ts) after the bundles. Offline: the
 * analyzer only parses our sources.
 */
function customElementsManifest(): Plugin {
  return {
    name: 'billpay:custom-elements-manifest',
    apply: 'build',
    async closeBundle() {
      // @ts-expect-error the analyzer's CLI module ships without type declarations
      const { cli } = await import('@custom-elements-manifest/analyzer/cli.js');
      await cli({ argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs'], cwd: process.cwd() });
    },
  };
}

/**
 * Widget build (library mode), both files self-contained (Lit and both locales inside):
 * - billpay-checkout.js: ES module, for `import 'billpay-sim/widget'` and `<script type="module">`;
 * - billpay-checkout.iife.js: classic script, for a plain `<script src>`.
 * Only dist/widget/ is written and emptied: tsc owns the rest of dist/, and writes the widget's
 * type declarations into dist/widget/types after this build (tsconfig.widget.json).
 */
export default defineConfig({
  publicDir: false,
  plugins: [customElementsManifest()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    reportCompressedSize: true,
    lib: {
      entry: 'widget/billpay-checkout.ts',
      name: 'BillpayCheckout',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'billpay-checkout.js' : `billpay-checkout.${format}.js`),
    },
  },
});

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
 * Minifies the widget's stylesheet (the css`…` literal of *.styles.ts), which esbuild leaves as
 * written: comments go, whitespace collapses, and the spaces around braces, semicolons, commas
 * and after colons drop. Nothing is interpolated into that literal, so the text is plain CSS.
 */
function minifyWidgetCss(): Plugin {
  return {
    name: 'billpay:minify-widget-css',
    apply: 'build',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      const minifiedCode = code.replace(/css`([^`]*)`/g, (_literal, text: string) => {
        const minified = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${minified}\``;
      });
      return { code: minifiedCode, map: null };
    },
  };
}

/**
 * Collapses the line breaks and indentation inside the templates of the minified classic script:
 * the minifier keeps template literals as written, and in its output a line break can only be
 * inside one (or before the source-map comment). Lit renders a run of whitespace between tags as
 * one space either way. (The source map's columns after a collapsed break are off; lines are not.)
 */
function collapseTemplateWhitespace(): Plugin {
  return {
    name: 'billpay:collapse-template-whitespace',
    apply: 'build',
    generateBundle(options, bundle) {
      if (options.format !== 'iife') return;
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') file.code = file.code.replace(/\n(?!\/\/# sourceMappingURL)\s*/g, ' ');
      }
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
  plugins: [minifyWidgetCss(), collapseTemplateWhitespace(), customElementsManifest()],
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

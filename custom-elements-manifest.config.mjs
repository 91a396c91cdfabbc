/**
 * @custom-elements-manifest/analyzer settings for <billpay-checkout>. The widget build
 * (vite.config.ts) runs the analyzer with this file and writes dist/widget/custom-elements.json;
 * `npx cem analyze --config custom-elements-manifest.config.mjs` does the same by hand.
 */

/**
 * The manifest documents the public surface only. The analyzer lists private reactive state
 * (Lit `state: true`) as attributes and private members as API, and reports a stray unexported
 * variable; this drops all three.
 */
function publicSurfaceOnly() {
  const isPrivate = (member) => member.privacy === 'private' || member.privacy === 'protected';
  return {
    name: 'billpay-public-surface-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const exported = new Set((module.exports ?? []).map((entry) => entry.declaration?.name));
        module.declarations = (module.declarations ?? []).filter(
          (declaration) => declaration.kind === 'class' || exported.has(declaration.name),
        );
        for (const declaration of module.declarations) {
          const hidden = new Set((declaration.members ?? []).filter(isPrivate).map((member) => member.name));
          if (declaration.members) declaration.members = declaration.members.filter((member) => !hidden.has(member.name));
          if (declaration.attributes) {
            declaration.attributes = declaration.attributes.filter((attribute) => !hidden.has(attribute.fieldName));
          }
        }
      }
    },
  };
}

export default {
  globs: ['widget/**/*.ts'],
  outdir: 'dist/widget',
  litelement: true,
  // Never let the analyzer edit package.json (it adds a "customElements" field by default).
  packagejson: false,
  quiet: true,
  plugins: [publicSurfaceOnly()],
};

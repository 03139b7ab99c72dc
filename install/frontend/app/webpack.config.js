// Builds the JupyterLab 4.6 application of ../package.json (the extensions
// listed under "jupyterlab") into $JUPYTERLAB_OUT/{static,schemas,themes}, with
// module federation so that prebuilt extensions in labextensions/ load into it.
// Run by ../build.sh; see ../README.md.
const path = require('path');
const fs = require('fs');
const webpack = require('webpack');
const Handlebars = require('handlebars');
const { merge } = require('webpack-merge');
const { Build } = require('@jupyterlab/builder');
const baseConfig = require('@jupyterlab/builder/lib/webpack.config.base');

const pkg = require('../package.json');
const lab = pkg.jupyterlab;
const out = path.resolve(process.env.JUPYTERLAB_OUT || path.join(__dirname, '..', 'build', 'app'));
const work = path.join(out, 'work');
for (const d of ['static', 'schemas', 'themes', 'work']) {
  fs.rmSync(path.join(out, d), { recursive: true, force: true });
  fs.mkdirSync(path.join(out, d), { recursive: true });
}

// Which module of each package holds its plugins ('' means the package main).
function entries(names, field) {
  const found = {};
  for (const name of names) {
    const meta = require(`${name}/package.json`).jupyterlab || {};
    if (meta[field] !== undefined) {
      found[name] = meta[field] === true ? '' : meta[field];
    }
  }
  return found;
}

// Schemas and themes of the extensions, and work/style.js importing their CSS.
const themeConfigs = Build.ensureAssets({
  packageNames: [...lab.extensions, ...lab.mimeExtensions],
  output: work,
  schemaOutput: out,
  themeOutput: out
});

const template = Handlebars.compile(fs.readFileSync(path.join(__dirname, 'index.template.js'), 'utf8'));
fs.writeFileSync(
  path.join(work, 'index.js'),
  template({
    extensions: entries(lab.extensions, 'extension'),
    mimeExtensions: entries(lab.mimeExtensions, 'mimeExtension')
  })
);
fs.copyFileSync(path.join(__dirname, 'bootstrap.js'), path.join(work, 'bootstrap.js'));

// The shared scope prebuilt extensions consume: every singleton package the
// application holds, plus the dependencies of its extension packages, at the
// versions installed.
function installedVersion(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return null;
  }
}
const shared = {};
for (const name of [...lab.extensions, ...lab.mimeExtensions]) {
  const deps = require(`${name}/package.json`).dependencies || {};
  for (const dep of [name, ...Object.keys(deps)]) {
    const v = installedVersion(dep);
    if (v) shared[dep] = { requiredVersion: `^${v}` };
  }
}
for (const name of lab.singletonPackages) {
  const v = installedVersion(name);
  if (v) shared[name] = { requiredVersion: `^${v}`, singleton: true };
}

const production = process.env.JUPYTERLAB_MODE !== 'development';
module.exports = [
  merge(baseConfig, {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    context: work,
    entry: [path.join(__dirname, 'publicpath.js'), path.join(work, 'bootstrap.js')],
    resolve: { modules: [path.join(__dirname, '..', 'node_modules'), 'node_modules'] },
    output: {
      path: path.join(out, 'static'),
      library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_OUTPUT'] },
      filename: 'bundle.js',
      chunkFilename: '[name].[contenthash].js'
    },
    optimization: production ? { minimize: false } : {},
    plugins: [
      new webpack.container.ModuleFederationPlugin({
        name: 'CORE_FEDERATION',
        library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_LIBRARY_FEDERATION'] },
        shared
      })
    ]
  })
].concat(themeConfigs);

// The application entry point; app/webpack.config.js fills in the extension
// packages of ../package.json. Prebuilt extensions come from the page config.
import { JupyterLab } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';

import './style.js';

async function federatedModule(scope, module) {
  const factory = await window._JUPYTERLAB[scope].get(module);
  return factory();
}

function pluginsOf(mod) {
  const exported = mod && mod.__esModule ? mod.default : mod;
  return Array.isArray(exported) ? exported : [exported];
}

export async function main() {
  const disabled = [];
  const wanted = plugin => {
    if (PageConfig.Extension.isDisabled(plugin.id)) {
      disabled.push(plugin.id);
      return false;
    }
    return true;
  };
  const federated = JSON.parse(PageConfig.getOption('federated_extensions') || '[]');
  const federatedNames = new Set(federated.map(e => e.name));

  async function collect(builtin, field) {
    const plugins = [];
    for (const [name, load] of builtin) {
      if (federatedNames.has(name)) continue;
      try {
        plugins.push(...pluginsOf(load()).filter(wanted));
      } catch (e) {
        console.error(e);
      }
    }
    const loaded = await Promise.allSettled(
      federated.filter(e => e[field]).map(e => federatedModule(e.name, e[field]))
    );
    for (const r of loaded) {
      if (r.status === 'fulfilled') plugins.push(...pluginsOf(r.value).filter(wanted));
      else console.error(r.reason);
    }
    return plugins;
  }

  const mimeExtensions = await collect(
    [
      {{#each mimeExtensions}}
      ['{{@key}}', () => require('{{@key}}{{#if this}}/{{this}}{{/if}}')],
      {{/each}}
    ],
    'mimeExtension'
  );
  const plugins = await collect(
    [
      {{#each extensions}}
      ['{{@key}}', () => require('{{@key}}{{#if this}}/{{this}}{{/if}}')],
      {{/each}}
    ],
    'extension'
  );
  const styles = await Promise.allSettled(
    federated.filter(e => e.style).map(e => federatedModule(e.name, e.style))
  );
  for (const r of styles) {
    if (r.status === 'rejected') console.error(r.reason);
  }

  const lab = new JupyterLab({
    mimeExtensions,
    disabled: {
      matches: disabled,
      patterns: PageConfig.Extension.disabled.map(v => v.raw)
    }
  });
  lab.registerPlugins(plugins);
  // Tests reach the application as window.jupyterapp (labserver.py sets
  // the option), as JupyterLab's own application does.
  if ((PageConfig.getOption('exposeAppInBrowser') || '').toLowerCase() === 'true') {
    window.jupyterapp = lab;
  }
  await lab.start();
  await lab.restored;
  document.body.dataset.activisLabReady = 'true';
}

// Loads the prebuilt (federated) extensions the server lists in the page
// config, lets them join the shared module scope, then starts the application
// (index.js, generated from index.template.js).
/* global __webpack_init_sharing__ __webpack_share_scopes__ */
const el = document.getElementById('jupyter-config-data');
const config = el ? JSON.parse(el.textContent || '{}') : {};

function addScript(url) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.async = true;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${url}`));
    s.src = url;
    document.head.appendChild(s);
  });
}

async function joinFederation(ext) {
  await addScript(`${config.fullLabextensionsUrl}/${ext.name}/${ext.load}`);
  await __webpack_init_sharing__('default');
  await window._JUPYTERLAB[ext.name].init(__webpack_share_scopes__.default);
}

(async () => {
  const results = await Promise.allSettled((config.federated_extensions || []).map(joinFederation));
  for (const r of results) {
    if (r.status === 'rejected') console.error(r.reason);
  }
  const { main } = await import('./index.js');
  if (document.readyState === 'complete') main();
  else window.addEventListener('load', main);
})();

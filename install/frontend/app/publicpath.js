// Webpack loads chunks from the static URL the server writes into the page's
// jupyter-config-data; this runs before any other module.
const el = typeof document !== 'undefined' && document.getElementById('jupyter-config-data');
const config = el ? JSON.parse(el.textContent || '{}') : {};
// eslint-disable-next-line no-undef
__webpack_public_path__ = (config.fullStaticUrl || '') + '/';

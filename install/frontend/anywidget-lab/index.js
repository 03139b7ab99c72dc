// A JupyterLab plugin that registers anywidget's front end with the Jupyter
// widget manager, as pip's anywidget package does. npm's anywidget is only the
// front-end module, ending in `define(["@jupyter-widgets/base"], factory)`;
// webpack resolves that AMD call, so requiring it gives factory(base) with
// the widget manager's shared @jupyter-widgets/base. It is registered under
// the module name "anywidget" at the version it carries.
const base = require('@jupyter-widgets/base');
const anywidget = require('anywidget');
// This package's version is the anywidget version it wraps (build.sh checks).
const { version } = require('./package.json');

module.exports = {
  id: '@activis-go/anywidget:plugin',
  description: `anywidget ${version} (AnyModel, AnyView) for the Jupyter widget manager`,
  requires: [base.IJupyterWidgetRegistry],
  autoStart: true,
  activate(app, registry) {
    if (!anywidget || typeof anywidget.AnyModel !== 'function') {
      throw new Error('@activis-go/anywidget: the anywidget module exports no AnyModel');
    }
    registry.registerWidget({ name: 'anywidget', version, exports: anywidget });
  }
};

// Stands in for the `debug` logger fhirclient requires (aliased in vite.config.ts): the app never turns its
// logging on, and the logger with its `ms` dependency costs about 3 kB gzip of the page's budget. CommonJS,
// because fhirclient calls what require("debug") returns.
'use strict';

function silent() {
  const log = function () {};
  log.extend = silent;
  return log;
}

module.exports = silent;

// ReDoc over this server's OpenAPI description; its search index runs in a worker ReDoc
// makes from a blob: URL (allowed by the docs pages' Content-Security-Policy).
(function () {
  const target = document.getElementById('redoc');
  if (typeof window.Redoc === 'undefined') {
    document.getElementById('docs-missing').hidden = false;
    return;
  }
  window.Redoc.init('/openapi.json', { hideDownloadButton: false }, target);
})();

// Swagger UI over this server's OpenAPI description, with nothing fetched from elsewhere: no
// validator badge (it would call validator.swagger.io), no external fonts or images.
(function () {
  if (typeof window.SwaggerUIBundle !== 'function') {
    document.getElementById('docs-missing').hidden = false;
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    layout: 'BaseLayout',
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();

'use strict';
// TinyMCE's images_upload_handler (named in settings.TINYMCE_DEFAULT_CONFIG):
// sends a pasted, dropped or chosen picture through the library's upload
// pipeline with the CSRF token and the alt text every library image needs.
// The alt text asked for here is also put on the picture in the body: on the
// pasted picture at once, and on a picture inserted from the image dialog
// with its description left blank when the body is saved (the server fills
// any still missing from the library, desk.forms).
(function () {
  const altByLocation = {};

  function fillAlt(root) {
    Array.prototype.forEach.call(root.querySelectorAll('img'), function (img) {
      const alt = altByLocation[img.getAttribute('src')];
      if (alt && !(img.getAttribute('alt') || '').trim()) {
        img.setAttribute('alt', alt);
      }
    });
  }

  function watch(editor) {
    if (editor.newsroomAltWatch) { return; }
    editor.newsroomAltWatch = true;
    editor.on('PreProcess', function (event) { fillAlt(event.node); });
    editor.on('SetContent NodeChange', function () { fillAlt(editor.getBody()); });
  }

  window.newsroomImageUpload = function (blobInfo) {
    const editor = window.tinymce.activeEditor;
    watch(editor);
    return new Promise(function (resolve, reject) {
      const alt = window.prompt(gettext('Describe this picture for readers who cannot see it (alt text):'), '');
      if (!alt || !alt.trim()) {
        reject({message: gettext('Not uploaded: a picture needs alt text.'), remove: true});
        return;
      }
      const data = new FormData();
      data.append('file', blobInfo.blob(), blobInfo.filename());
      data.append('alt_text', alt.trim());
      const token = document.querySelector('input[name=csrfmiddlewaretoken]');
      fetch(editor.options.get('images_upload_url'), {
        method: 'POST',
        body: data,
        credentials: 'same-origin',
        headers: {'X-CSRFToken': token ? token.value : ''},
      })
        .then(function (response) {
          return response.json().then(function (body) { return {ok: response.ok, body: body}; });
        })
        .then(function (result) {
          if (result.ok) {
            altByLocation[result.body.location] = alt.trim();
            altByLocation[blobInfo.blobUri()] = alt.trim();
            fillAlt(editor.getBody());
            resolve(result.body.location);
          } else {
            reject({message: result.body.error || gettext('The upload was refused.'), remove: true});
          }
        })
        .catch(function () {
          reject({message: gettext('The upload failed: check the connection and try again.'), remove: true});
        });
    });
  };
})();

'use strict';
// TinyMCE's images_upload_handler (named in settings.TINYMCE_DEFAULT_CONFIG):
// sends a pasted, dropped or chosen picture through the library's upload
// pipeline with the CSRF token and the alt text every library image needs.
window.newsroomImageUpload = function (blobInfo) {
  return new Promise(function (resolve, reject) {
    const alt = window.prompt('Describe this picture for readers who cannot see it (alt text):', '');
    if (!alt || !alt.trim()) {
      reject({message: 'Not uploaded: a picture needs alt text.', remove: true});
      return;
    }
    const data = new FormData();
    data.append('file', blobInfo.blob(), blobInfo.filename());
    data.append('alt_text', alt.trim());
    const token = document.querySelector('input[name=csrfmiddlewaretoken]');
    fetch(window.tinymce.activeEditor.options.get('images_upload_url'), {
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
          resolve(result.body.location);
        } else {
          reject({message: result.body.error || 'The upload was refused.', remove: true});
        }
      })
      .catch(function () {
        reject({message: 'The upload failed: check the connection and try again.', remove: true});
      });
  });
};

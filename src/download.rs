//! Downloads: text (a trace, an SVG, a CSV) or a data URL (a canvas's PNG), saved through an `<a download>`.

use wasm_bindgen::JsCast;

fn click_link(name: &str, url: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Saves `text` as the file `name` of type `mime`.
pub fn text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "could not create the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "could not create a download link")?;
    let done = click_link(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
    done
}

/// Saves a `data:` URL (a canvas's `toDataURL`) as the file `name`.
pub fn data_url(name: &str, url: &str) -> Result<(), String> {
    click_link(name, url)
}

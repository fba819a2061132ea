//! Autosave in localStorage: the scenario as run so far (seed, options and every live action) and the
//! playback time. Anything unreadable is reported and ignored; it never breaks the page.

use serde::{Deserialize, Serialize};
use splitbrain_sim::Scenario;

pub const KEY: &str = "splitbrain.run.v1";

#[derive(Serialize, Deserialize)]
pub struct Saved {
    pub scenario: Scenario,
    #[serde(default)]
    pub time_us: u64,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Parses a saved value; the error says what is wrong with it.
pub fn parse(text: &str) -> Result<Saved, String> {
    serde_json::from_str::<Saved>(text).map_err(|e| e.to_string())
}

/// The saved run, `Ok(None)` if there is none (or storage is unavailable).
pub fn load() -> Result<Option<Saved>, String> {
    let Some(storage) = local_storage() else {
        return Ok(None);
    };
    match storage.get_item(KEY) {
        Ok(Some(text)) => parse(&text).map(Some),
        _ => Ok(None),
    }
}

pub fn save(scenario: &Scenario, time_us: u64) {
    let Some(storage) = local_storage() else {
        return;
    };
    let saved = Saved {
        scenario: scenario.clone(),
        time_us,
    };
    if let Ok(text) = serde_json::to_string(&saved) {
        // Quota errors are not worth interrupting a lecture for.
        let _ = storage.set_item(KEY, &text);
    }
}

pub fn clear() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(KEY);
    }
}

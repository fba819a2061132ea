//! What to vary, as the command line gives it: `rounds=1,2,3`, `0,0.1,0.5`, a seed count.

use crate::Error;
use serde_json::Value;

/// The grid: one option's values, the loss rates, and the seeds 1..=`seeds` run for each pair.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub option: String,
    pub values: Vec<Value>,
    pub losses: Vec<f64>,
    pub seeds: u64,
}

/// `NAME=V1,V2,…`: each value read as JSON (`3`, `true`, `null`), else as a plain string (`bully`).
pub fn parse_values(text: &str) -> Result<(String, Vec<Value>), Error> {
    let bad = || Error::BadOption(text.to_string());
    let (name, list) = text.split_once('=').ok_or_else(bad)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(bad());
    }
    let values: Vec<Value> = list
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string())))
        .collect();
    if values.is_empty() {
        return Err(bad());
    }
    Ok((name.to_string(), values))
}

/// `0,0.1,0.5`: each a probability in [0, 1].
pub fn parse_losses(text: &str) -> Result<Vec<f64>, Error> {
    let losses = text
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| match v.parse::<f64>() {
            Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
            _ => Err(Error::Loss(v.to_string())),
        })
        .collect::<Result<Vec<f64>, Error>>()?;
    if losses.is_empty() {
        return Err(Error::NoLoss);
    }
    Ok(losses)
}

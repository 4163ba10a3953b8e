//! Turning values into text the way JavaScript does, for interpolated templates.

use serde_json::{Number, Value};

/// A value as interpolated into text: strings as they are, numbers as JavaScript prints them,
/// objects and arrays as compact JSON, `null`/`undefined` as the empty string.
pub fn to_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => js_number_text(n),
        Some(other) => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// `21`, not `21.0`; `1e+21`, `1.5e-7`, as `Number.prototype.toString` gives.
pub fn js_number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    js_float_text(f)
}

fn js_float_text(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if f == 0.0 {
        return "0".into();
    }
    let abs = f.abs();
    if (1e-6..1e21).contains(&abs) {
        // Rust's shortest round-trip form, without an exponent in this range.
        let s = format!("{f}");
        return s.strip_suffix(".0").map(str::to_owned).unwrap_or(s);
    }
    let s = format!("{f:e}");
    match s.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_print_like_javascript() {
        let cases = [
            (json!(21), "21"),
            (json!(21.0), "21"),
            (json!(0.1), "0.1"),
            (json!(-2.5), "-2.5"),
            (json!(1e21), "1e+21"),
            (json!(1.5e-7), "1.5e-7"),
            (json!(123456789012.0), "123456789012"),
        ];
        for (value, text) in cases {
            assert_eq!(to_text(Some(&value)), text, "{value}");
        }
    }

    #[test]
    fn other_values() {
        assert_eq!(to_text(None), "");
        assert_eq!(to_text(Some(&json!(null))), "");
        assert_eq!(to_text(Some(&json!({"a": [1, "x"]}))), r#"{"a":[1,"x"]}"#);
        assert_eq!(to_text(Some(&json!(true))), "true");
    }
}

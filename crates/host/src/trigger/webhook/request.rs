//! A webhook request as a trigger item: `{method, path, headers, query, body}`, with header
//! names lower-case, the query as a map of strings, and the body parsed as JSON when its
//! Content-Type says JSON (else kept as text).

use axum::http::{HeaderMap, Method, Uri, header};
use serde_json::{Map, Value};

/// The body claims to be JSON and is not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the body is not valid JSON ({0}), but its Content-Type says it is")]
pub struct BadJson(pub String);

/// Whether a Content-Type names JSON (`application/json`, `application/*+json`).
pub fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The body as the item carries it.
pub fn parse_body(headers: &HeaderMap, bytes: &[u8]) -> Result<Value, BadJson> {
    if is_json(headers) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        return serde_json::from_slice(bytes).map_err(|e| BadJson(e.to_string()));
    }
    Ok(Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

/// Header names lower-case (as HTTP/1 and 2 give them); repeated headers joined with `, `.
pub fn headers_json(headers: &HeaderMap) -> Value {
    let mut map = Map::new();
    for (name, value) in headers {
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        match map.get_mut(name.as_str()) {
            Some(Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(&text);
            }
            _ => {
                map.insert(name.as_str().to_owned(), Value::String(text));
            }
        }
    }
    Value::Object(map)
}

/// The query string as a map of strings (a repeated name keeps its last value).
pub fn query_json(uri: &Uri) -> Value {
    let mut map = Map::new();
    if let Some(query) = uri.query() {
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            map.insert(name.into_owned(), Value::String(value.into_owned()));
        }
    }
    Value::Object(map)
}

/// The trigger item.
pub fn item(method: &Method, uri: &Uri, headers: &HeaderMap, body: Value) -> Value {
    let mut map = Map::new();
    map.insert("method".into(), Value::String(method.as_str().to_owned()));
    map.insert("path".into(), Value::String(uri.path().to_owned()));
    map.insert("headers".into(), headers_json(headers));
    map.insert("query".into(), query_json(uri));
    map.insert("body".into(), body);
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn json_bodies_are_parsed_and_others_kept_as_text() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            parse_body(&headers, b"a=1"),
            Ok(Value::String("a=1".into()))
        );
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/vnd.x+json; charset=utf-8"),
        );
        assert_eq!(
            parse_body(&headers, br#"{"a":1}"#),
            Ok(serde_json::json!({"a": 1}))
        );
        assert!(parse_body(&headers, b"{nope").is_err());
        assert_eq!(parse_body(&headers, b""), Ok(Value::Null));
    }

    #[test]
    fn the_item_has_lower_case_headers_and_a_string_query() {
        let uri: Uri = "/webhook/leads?a=1&b=x%20y".parse().expect("uri");
        let mut headers = HeaderMap::new();
        headers.append("X-Thing", HeaderValue::from_static("1"));
        headers.append("x-thing", HeaderValue::from_static("2"));
        let item = item(&Method::POST, &uri, &headers, Value::Null);
        assert_eq!(item["path"], "/webhook/leads");
        assert_eq!(item["headers"]["x-thing"], "1, 2");
        assert_eq!(item["query"], serde_json::json!({"a": "1", "b": "x y"}));
    }
}

//! The one handler: log, faults, then the OAuth endpoints or auth → rate limit → scope → route.

use crate::auth::{Tokens, missing_scope};
use crate::config::{FakeConfig, OwnerSpec};
use crate::faults::{Fault, Faults};
use crate::limits::{Lane, Limits};
use crate::log::{LoggedRequest, RequestLog};
use crate::reply::{self, Reply, error_body};
use crate::store::{Kind, Store};
use crate::{batch, extras, objects, search};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Everything the fake keeps, behind one lock (held only between awaits).
#[derive(Debug)]
pub struct World {
    pub store: Store,
    pub tokens: Tokens,
    pub limits: Limits,
    pub owners: Vec<OwnerSpec>,
    pub faults: Faults,
    pub log: RequestLog,
    pub search_delay: Duration,
    pub log_bodies: bool,
    pub portal_id: u64,
}

impl World {
    pub fn new(config: &FakeConfig) -> Self {
        Self {
            store: Store::default(),
            tokens: Tokens::new(config),
            limits: Limits::new(config),
            owners: config.owners.clone(),
            faults: Faults::default(),
            log: RequestLog::default(),
            search_delay: config.search_delay,
            log_bodies: config.log_bodies,
            portal_id: config.portal_id,
        }
    }
}

/// The shared state of a running fake.
#[derive(Debug)]
pub struct Shared {
    world: Mutex<World>,
    pub started: Instant,
}

impl Shared {
    pub fn new(config: &FakeConfig) -> Self {
        Self {
            world: Mutex::new(World::new(config)),
            started: Instant::now(),
        }
    }

    /// The world, even if a panicking test poisoned the lock.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A request as the routes see it.
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub raw_query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Request {
    pub fn query(&self, name: &str) -> Option<String> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The axum handler for every path.
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let raw_query = uri.query().unwrap_or("").to_owned();
    let request = Request {
        method: method.as_str().to_owned(),
        path: uri.path().to_owned(),
        query: form_urlencoded::parse(raw_query.as_bytes())
            .into_owned()
            .collect(),
        raw_query,
        headers,
        body,
    };
    let at = shared.started.elapsed();
    let is_crm = request.path.starts_with("/crm/");
    let (delay, fault) = if is_crm {
        shared.world().faults.take()
    } else {
        (None, None)
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let reply = match fault {
        Some(Fault::Drop) => Reply::Drop,
        Some(Fault::Fail(status)) => {
            Reply::json(status, error_body("internal error", "INTERNAL_ERROR"))
        }
        None => route(&mut shared.world(), &request),
    };
    let mut world = shared.world();
    let body = if world.log_bodies {
        serde_json::from_slice(&request.body).ok()
    } else {
        None
    };
    world.log.push(LoggedRequest {
        at,
        method: request.method.clone(),
        path: request.path.clone(),
        query: request.raw_query.clone(),
        status: reply.status(),
        body,
        authorization: request.header("authorization").map(str::to_owned),
    });
    drop(world);
    reply.into_response()
}

fn route(world: &mut World, request: &Request) -> Reply {
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("POST", ["oauth", "v1", "token"]) => {
            let form: HashMap<String, String> =
                form_urlencoded::parse(&request.body).into_owned().collect();
            world.tokens.token(&form)
        }
        ("GET", ["oauth", "authorize"]) => {
            let query: HashMap<String, String> =
                form_urlencoded::parse(request.raw_query.as_bytes())
                    .into_owned()
                    .collect();
            world.tokens.authorize(&query)
        }
        ("POST", ["oauth", "v2", "private-apps", "get", "access-token-info"]) => {
            world.tokens.private_info(&request.json())
        }
        ("GET", ["oauth", "v1", "access-tokens", token]) => world.tokens.oauth_info(token),
        (_, ["crm", ..]) => crm(world, request, &segments),
        (method, _) => reply::unknown_path(method, &request.path),
    }
}

/// What a CRM route needs: its lane and scope, then the work.
type Work<'a> = Box<dyn FnOnce(&mut World) -> Reply + 'a>;

fn crm(world: &mut World, request: &Request, segments: &[&str]) -> Reply {
    let grant = match world.tokens.check(request.header("authorization")) {
        Ok(grant) => grant,
        Err(reply) => return reply,
    };
    let (lane, scope, work) = match plan(request, segments) {
        Ok(planned) => planned,
        Err(reply) => return reply,
    };
    let headers = match world.limits.admit(lane, !grant.is_oauth()) {
        Ok(headers) => headers,
        Err(reply) => return reply,
    };
    if !grant.scopes.contains(&scope) {
        return missing_scope(&scope).with_headers(headers);
    }
    work(world).with_headers(headers)
}

fn kind(name: &str) -> Result<Kind, Reply> {
    Kind::parse(name)
        .ok_or_else(|| reply::validation(&format!("Unable to infer object type from: {name}")))
}

fn read_scope(k: Kind) -> String {
    format!("crm.objects.{}.read", k.name())
}

fn write_scope(k: Kind) -> String {
    format!("crm.objects.{}.write", k.name())
}

fn plan<'a>(request: &'a Request, segments: &[&'a str]) -> Result<(Lane, String, Work<'a>), Reply> {
    let method = request.method.as_str();
    let std = Lane::Standard;
    Ok(match (method, segments) {
        ("GET", ["crm", "v3", "objects", t]) => {
            let k = kind(t)?;
            (
                std,
                read_scope(k),
                Box::new(move |w| objects::list(w, k, request)),
            )
        }
        ("POST", ["crm", "v3", "objects", t]) => {
            let k = kind(t)?;
            (
                std,
                write_scope(k),
                Box::new(move |w| objects::create(w, k, &request.json())),
            )
        }
        ("POST", ["crm", "v3", "objects", t, "search"]) => {
            let k = kind(t)?;
            (
                Lane::Search,
                read_scope(k),
                Box::new(move |w| search::handle(w, k, &request.json())),
            )
        }
        ("POST", ["crm", "v3", "objects", t, "batch", action]) => {
            let k = kind(t)?;
            let action = *action;
            let scope = if action == "read" {
                read_scope(k)
            } else {
                write_scope(k)
            };
            (
                std,
                scope,
                Box::new(move |w| batch::handle(w, k, action, &request.json())),
            )
        }
        ("GET", ["crm", "v3", "objects", t, id]) => {
            let (k, id) = (kind(t)?, *id);
            (
                std,
                read_scope(k),
                Box::new(move |w| objects::read(w, k, id, request)),
            )
        }
        ("PATCH", ["crm", "v3", "objects", t, id]) => {
            let (k, id) = (kind(t)?, *id);
            (
                std,
                write_scope(k),
                Box::new(move |w| objects::update(w, k, id, request)),
            )
        }
        ("DELETE", ["crm", "v3", "objects", t, id]) => {
            let (k, id) = (kind(t)?, *id);
            (
                std,
                write_scope(k),
                Box::new(move |w| objects::archive(w, k, id)),
            )
        }
        ("GET", ["crm", "v3", "owners"]) => (
            std,
            "crm.objects.owners.read".into(),
            Box::new(move |w| extras::owners(w, request)),
        ),
        ("GET", ["crm", "v3", "owners", id]) => {
            let id = *id;
            (
                std,
                "crm.objects.owners.read".into(),
                Box::new(move |w| extras::owner(w, id)),
            )
        }
        ("GET", ["crm", "v3", "properties", t]) => {
            let k = kind(t)?;
            (
                std,
                format!("crm.schemas.{}.read", k.name()),
                Box::new(move |w| extras::properties(w, k)),
            )
        }
        (
            "PUT",
            [
                "crm",
                "v4",
                "objects",
                from,
                from_id,
                "associations",
                "default",
                to,
                to_id,
            ],
        ) => {
            let (f, t, a, b) = (kind(from)?, kind(to)?, *from_id, *to_id);
            (
                std,
                write_scope(f),
                Box::new(move |w| extras::associate_default(w, f, a, t, b)),
            )
        }
        (
            "POST",
            [
                "crm",
                "v4",
                "associations",
                from,
                to,
                "batch",
                "associate",
                "default",
            ],
        ) => {
            let (f, t) = (kind(from)?, kind(to)?);
            (
                Lane::WindowExempt,
                write_scope(f),
                Box::new(move |w| extras::batch_associate_default(w, f, t, &request.json())),
            )
        }
        ("GET", ["crm", "v4", "objects", from, id, "associations", to]) => {
            let (f, t, id) = (kind(from)?, kind(to)?, *id);
            (
                std,
                read_scope(f),
                Box::new(move |w| extras::read_associations(w, f, id, t)),
            )
        }
        _ => return Err(reply::unknown_path(method, &request.path)),
    })
}

//! The vault the commands use: the process environment, then the OS keychain. For tests only,
//! `SWITCHYARD_SECRET_BACKEND=file:PATH` with `SWITCHYARD_ALLOW_INSECURE_SECRETS=1` swaps the
//! keychain for a plain-text JSON file (see `switchyard_secrets::InsecureFile`); a hook set
//! without the permission is a usage error here, before anything is stored or read.

use switchyard_secrets::{Vault, configured_backend};

/// The process's vault, or why the test hook is refused.
pub fn vault() -> anyhow::Result<Vault> {
    configured_backend(|name| std::env::var(name).ok()).map_err(anyhow::Error::msg)?;
    Ok(Vault::system())
}

//! Credentials. A workflow names a credential by id; the [`Vault`] resolves the id, in order,
//! to the environment variable `SWITCHYARD_CREDENTIAL_<ID>` (`…_TEST` first in test runs), then
//! the OS keychain (service `switchyard`, account = id; `id#test` for a test-only secret).
//! Secrets travel only inside [`Sensitive`], which prints `***` and cannot be serialised.

mod backend;
mod file_backend;
mod sensitive;
mod vault;

pub use backend::{InMemory, Keychain, SecretBackend};
pub use file_backend::{ALLOW_INSECURE_ENV, BACKEND_ENV, InsecureFile, configured_backend};
pub use sensitive::Sensitive;
pub use vault::{Purpose, SecretError, Vault, account, env_var_name};

//! `fake-hubspot`: the fake HubSpot on a free loopback port, for the browser tests (the
//! credentials screen's sign-in). Prints `listening on http://127.0.0.1:PORT` and serves until
//! it is stopped. Its OAuth app is the default one (`fake-client-id` / `fake-client-secret`).

use switchyard_fake_hubspot::{FakeConfig, FakeHubSpot};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    match FakeHubSpot::start(FakeConfig::default()).await {
        Ok(fake) => {
            println!("listening on {}", fake.base_url());
            let _ = tokio::signal::ctrl_c().await;
            drop(fake);
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fake-hubspot: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! The link worker tablet app (`/app/`) in headless Chromium with real IndexedDB, real
//! WebCrypto and its real service worker: offline after one visit, a full baseline visit
//! kept across reloads and locks, a reload at every question of the battery, wrong
//! passphrases, a full disk, the raw database holding nothing in clear, and axe-core, target
//! size and keyboard checks on every screen at both tablet orientations, with screenshots
//! under `target/screenshots/` for a person to look at.
//!
//! One file a part of the worker's use; the page driver is `app_driver.rs`.

mod visits;
mod keeping_safe;
mod screens;
mod backups;
mod outcomes;
mod corrections;

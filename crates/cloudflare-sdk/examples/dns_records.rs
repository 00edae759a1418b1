//! Lists a zone's A records twice: through the ergonomic wrapper and through the generic
//! `Client::list` on the generated request. Needs `--features dns` and credentials:
//!
//! ```sh
//! CLOUDFLARE_API_TOKEN=... cargo run -p cloudflare-sdk --features dns --example dns_records -- ZONE_ID
//! ```

use cloudflare_sdk::dns::RecordFilter;
use futures::TryStreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let zone = std::env::args()
        .nth(1)
        .ok_or("usage: dns_records ZONE_ID")?;
    let client = cloudflare_sdk::Client::from_env()?;

    let records = client.dns().records(&zone);
    let mut a_records = records.list(RecordFilter::new().record_type("A")).items();
    while let Some(r) = a_records.try_next().await? {
        println!(
            "{} {} {:?} ttl={:?}",
            r.record_type, r.name, r.content, r.ttl
        );
    }

    let generic = client
        .list(|api| {
            api.dns()
                .dns_records_for_a_zone_list_dns_records()
                .zone_id(zone.as_str())
                .type_("A")
        })
        .all()
        .await?;
    println!("{} A records through the generated request", generic.len());
    Ok(())
}

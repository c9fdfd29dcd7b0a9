use fory_core::ForyObject;

#[derive(ForyObject)]
struct Config {
    #[fory(nullable = yes)]
    name: Option<String>,
    #[fory(rename = 7)]
    id: u32,
}

fn main() {}

use fory_core::ForyObject;

#[derive(ForyObject)]
struct Clash {
    name: String,
    #[fory(rename = "name")]
    title: String,
}

fn main() {}

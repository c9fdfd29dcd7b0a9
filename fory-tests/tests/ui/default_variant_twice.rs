use fory_core::ForyObject;

#[derive(ForyObject)]
enum Status {
    Active,
    #[fory(default)]
    Unknown,
    #[fory(default)]
    Other,
}

fn main() {}

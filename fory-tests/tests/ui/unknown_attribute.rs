use fory_core::ForyObject;

#[derive(ForyObject)]
struct Config {
    #[fory(skipp)]
    cache: Vec<u8>,
}

fn main() {}

use fory_core::ForyObject;

#[derive(ForyObject)]
enum Event {
    Click { x: i32, y: i32 },
    #[fory(default)]
    Unknown(String),
}

#[derive(ForyObject)]
enum Mode {
    Fast,
    #[fory(defualt)]
    Slow,
}

fn main() {}

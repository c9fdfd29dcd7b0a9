use fory_core::ForyObject;

// a `with` module that can write but not read: the error is at the
// attribute that names it
mod half_done {
    pub type Wire = u32;
    pub fn to_wire(v: &std::net::Ipv4Addr) -> u32 {
        u32::from(*v)
    }
}

#[derive(ForyObject)]
struct Host {
    #[fory(with = "half_done")]
    addr: std::net::Ipv4Addr,
}

fn main() {}

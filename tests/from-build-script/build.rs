//! Generates the bindings of the constraints fixture into OUT_DIR, as a downstream crate would.

fn main() {
    generator::Builder::new("../fixtures/constraints.yaml")
        .module("api")
        .build();
}

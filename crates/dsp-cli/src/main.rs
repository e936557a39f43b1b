//! `dsplay`: the DaemonSet Playground on the command line.
fn main() {
    println!("dsplay");
}

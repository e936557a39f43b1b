//! Entry point of the DaemonSet Playground page: mounts the app on `<body>`.
fn main() {
    dsp_web::start();
}

//! `kubectl -f URL`: the playground has no network, so the kubernetes.io DaemonSet pages'
//! example URLs resolve to manifests bundled here (written for the playground, with the same
//! objects), and any other URL fails as kubectl fails on a host it cannot reach.

/// Example files by their path under `examples/` on kubernetes.io.
const BUNDLED: [(&str, &str); 4] = [
    (
        "controllers/daemonset.yaml",
        include_str!("../examples-k8s-io/daemonset.yaml"),
    ),
    (
        "controllers/fluentd-daemonset.yaml",
        include_str!("../examples-k8s-io/fluentd-daemonset.yaml"),
    ),
    (
        "controllers/fluentd-daemonset-update.yaml",
        include_str!("../examples-k8s-io/fluentd-daemonset-update.yaml"),
    ),
    (
        "controllers/daemonset-label-selector.yaml",
        include_str!("../examples-k8s-io/daemonset-label-selector.yaml"),
    ),
];

/// Where kubernetes.io serves its examples from (the short link, the site, the repository).
const PREFIXES: [&str; 4] = [
    "https://k8s.io/examples/",
    "https://kubernetes.io/examples/",
    "https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/",
    "http://k8s.io/examples/",
];

/// Whether a `-f` argument is a URL (kubectl reads `http://` and `https://` ones).
pub(crate) fn is_url(path: &str) -> bool {
    path.starts_with("http://") || path.starts_with("https://")
}

/// The bundled text of a URL, or kubectl's error for a host it cannot reach, with a note.
pub(crate) fn fetch(url: &str) -> Result<&'static str, String> {
    for prefix in PREFIXES {
        if let Some(rest) = url.strip_prefix(prefix) {
            if let Some((_, text)) = BUNDLED.iter().find(|(p, _)| *p == rest) {
                return Ok(text);
            }
        }
    }
    let host = url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(rest))
        .unwrap_or(url);
    let host_name = host.split(':').next().unwrap_or(host);
    let mut message = format!(
        "error: Get \"{url}\": dial tcp: lookup {host_name}: no such host\n(the playground has no network; it serves these kubernetes.io examples:"
    );
    for (path, _) in BUNDLED {
        message.push_str(&format!("\n  https://k8s.io/examples/{path}"));
    }
    message.push(')');
    Err(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_urls_resolve_and_others_fail_like_an_unknown_host() {
        assert!(fetch("https://k8s.io/examples/controllers/daemonset.yaml")
            .is_ok_and(|t| t.contains("fluentd-elasticsearch")));
        assert!(
            fetch("https://kubernetes.io/examples/controllers/fluentd-daemonset-update.yaml")
                .is_ok()
        );
        let err = fetch("https://example.com:8443/x.yaml").unwrap_err();
        assert!(err.starts_with(
            "error: Get \"https://example.com:8443/x.yaml\": dial tcp: lookup example.com: no such host\n"
        ));
        assert!(fetch("https://k8s.io/examples/controllers/nope.yaml").is_err());
    }
}

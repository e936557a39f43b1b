//! `kubectl help`, `VERB --help`, `version` and `api-resources`.

use crate::args::Args;
use crate::Ctx;

const USAGE: &str = "kubectl controls the (simulated) Kubernetes cluster manager.

 The DaemonSet Playground supports these commands:

Basic Commands:
  create          Create a resource from a file or from stdin (-f FILE, -f -, -f URL, create namespace NAME)
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource in the manifest editor
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a DaemonSet (status, history, undo, restart)

Cluster Management Commands:
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version (-f FILE, -f -)
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource (strategic, merge or json patch)
  replace         Replace a resource by file name or stdin

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  set image       Update the image of a DaemonSet's containers

Other Commands:
  api-resources   Print the supported API resources
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use \"kubectl <command> --help\" for more information about a given command.
";

pub(crate) fn usage(ctx: &mut Ctx<'_>) {
    ctx.print(USAGE);
}

pub(crate) fn verb_help(ctx: &mut Ctx<'_>, verb: &str, sub: Option<&str>) {
    let text = match (verb, sub) {
        ("events", _) => "Display events, oldest first (by when they were last seen).\n\nExamples:\n  kubectl events\n  kubectl events --for ds/frontend\n  kubectl events --types=Warning\n  kubectl events --for pod/frontend-abcde --watch\n\nOptions:\n      --for='': only events about this object (TYPE/NAME)\n      --types=[]: only these types (Normal, Warning)\n  -A, --all-namespaces=false: list across all namespaces\n      --no-headers=false: no header line\n  -w, --watch=false: after listing, print each new or recounted event as simulated time runs (until nothing is left to happen, --request-timeout, or 10m)\n\nUsage:\n  kubectl events [--for TYPE/NAME] [--types=Normal,Warning] [--watch] [flags]\n",
        ("get", _) => "Display one or many resources.\n\nExamples:\n  kubectl get pods -o wide\n  kubectl get ds frontend -o yaml\n  kubectl get pods -l app=frontend-webserver\n  kubectl get pods --field-selector spec.nodeName=10.0.10.5\n  kubectl get nodes --show-labels\n  kubectl get pods -o jsonpath='{.items[*].metadata.name}'\n  kubectl get pods -w\n\nOptions:\n  -o, --output='': wide, name, yaml, json, jsonpath=TEMPLATE, custom-columns=SPEC, go-template=TEMPLATE, go-template-file=FILE\n  -l, --selector='': label selector (k=v, k!=v, k in (a,b), k notin (a), k, !k)\n      --field-selector='': spec.nodeName=NODE, status.phase=Running, metadata.name=NAME\n      --show-labels=false: show all labels as the last column\n  -L, --label-columns=[]: one column per label key\n  -n, --namespace='': namespace (default)\n  -A, --all-namespaces=false: list across all namespaces\n  -w, --watch=false: after listing, print a row per change as simulated time runs (until nothing is left to happen, --request-timeout, or 10m)\n      --watch-only=false: print only the changes\n\nUsage:\n  kubectl get TYPE[,TYPE...] [NAME...] [flags]\n",
        ("describe", _) => "Show details of a specific resource.\n\nExamples:\n  kubectl describe ds frontend\n  kubectl describe node 10.0.10.5\n  kubectl describe pod frontend-7xq2k\n\nUsage:\n  kubectl describe (ds|node|pod) NAME [flags]\n",
        ("create", _) => "Create a resource from a file or from stdin.\n\nExamples:\n  kubectl create -f ds.yaml\n  kubectl create -f - <<EOF\n  ...\n  EOF\n\nUsage:\n  kubectl create -f FILENAME [flags]\n",
        ("apply", _) => "Apply a configuration to a resource by file name or stdin.\n\nExamples:\n  kubectl apply -f ds.yaml\n\nUsage:\n  kubectl apply -f FILENAME [flags]\n",
        ("diff", _) => "Show what applying a file would change: each object in it as the cluster holds it now (LIVE) against the object as kubectl apply would leave it (MERGED), as a unified diff of their YAML without managedFields. Nothing is changed.\n\nExit status: 0 when nothing would change, 1 when something would, 2 on an error.\n\nExamples:\n  kubectl diff -f ds.yaml\n  kubectl diff -f - <<EOF\n  ...\n  EOF\n\nOptions:\n  -f, --filename=[]: the manifest to compare (- for standard input)\n  -l, --selector='': only the objects in the file whose labels match\n\nUsage:\n  kubectl diff -f FILENAME [flags]\n",
        ("replace", _) => "Replace a resource by file name or stdin.\n\nUsage:\n  kubectl replace -f FILENAME [flags]\n",
        ("delete", _) => "Delete resources by file names, stdin, resources and names, or by resources and label selector.\n\nExamples:\n  kubectl delete ds frontend\n  kubectl delete ds frontend --cascade=orphan\n  kubectl delete pod frontend-7xq2k\n  kubectl delete pods --all\n  kubectl delete pod -l app=frontend-webserver\n  kubectl delete -f ds.yaml\n\nUsage:\n  kubectl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)]) [flags]\n",
        ("explain", _) => "Describe fields and structure of various resources.\n\nExamples:\n  kubectl explain daemonsets\n  kubectl explain ds.spec.updateStrategy\n  kubectl explain pods.spec.containers --recursive\n\nOptions:\n      --recursive=false: print the fields of fields (no descriptions)\n\nUsage:\n  kubectl explain TYPE [--recursive=FALSE|TRUE] [flags]\n",
        ("annotate", _) => "Update the annotations on one or more resources.\n\nExamples:\n  kubectl annotate ds frontend description='web servers'\n  kubectl annotate node 10.0.10.5 rack=r12 --overwrite\n  kubectl annotate ds frontend description-\n\nUsage:\n  kubectl annotate [--overwrite] TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N [flags]\n",
        ("label", _) => "Update the labels on a resource.\n\nExamples:\n  kubectl label node 10.0.10.5 app=frontend-node\n  kubectl label node 10.0.10.5 --overwrite app=backend\n  kubectl label node 10.0.10.5 app-\n\nUsage:\n  kubectl label [--overwrite] TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N [flags]\n",
        ("taint", _) => "Update the taints on one or more nodes.\n\nExamples:\n  kubectl taint nodes 10.0.10.5 dedicated=infra:NoSchedule\n  kubectl taint nodes 10.0.10.5 dedicated:NoSchedule-\n  kubectl taint nodes 10.0.10.5 dedicated-\n\nUsage:\n  kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [flags]\n",
        ("cordon", _) => "Mark node as unschedulable.\n\nUsage:\n  kubectl cordon NODE [flags]\n",
        ("uncordon", _) => "Mark node as schedulable.\n\nUsage:\n  kubectl uncordon NODE [flags]\n",
        ("drain", _) => "Drain node in preparation for maintenance.\n\nExamples:\n  kubectl drain 10.0.10.5 --ignore-daemonsets\n\nUsage:\n  kubectl drain NODE [--ignore-daemonsets] [--force] [flags]\n",
        ("set", _) => "Update the image of a DaemonSet's containers.\n\nExamples:\n  kubectl set image ds/frontend webserver=httpd\n  kubectl set image ds/frontend *=nginx:1.27\n\nUsage:\n  kubectl set image ds/NAME CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... [flags]\n",
        ("patch", _) => "Update fields of a resource using a strategic merge patch, a JSON merge patch, or a JSON patch.\n\nExamples:\n  kubectl patch ds frontend -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"webserver\",\"image\":\"httpd\"}]}}}}'\n  kubectl patch ds frontend --type merge -p '{\"spec\":{\"minReadySeconds\":10}}'\n  kubectl patch ds frontend --type json -p '[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"httpd\"}]'\n  kubectl patch ds frontend --patch-file ds-changes.yaml\n\nUsage:\n  kubectl patch (ds|node) NAME (-p PATCH | --patch-file FILE) [--type strategic|merge|json] [flags]\n",
        ("edit", _) => "Edit a DaemonSet in the manifest editor (in dsplay, use patch, set image or apply instead).\n\nUsage:\n  kubectl edit ds/NAME [flags]\n",
        ("rollout", Some("status")) => "Show the status of the rollout; watches (advancing simulated time) until it is done.\n\nExamples:\n  kubectl rollout status ds/frontend\n  kubectl rollout status ds/frontend --timeout=2m\n  kubectl rollout status ds/frontend --watch=false\n\nUsage:\n  kubectl rollout status ds/NAME [flags]\n",
        ("rollout", _) => "Manage the rollout of a DaemonSet.\n\nAvailable Commands:\n  history       View rollout history\n  restart       Restart a resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\nExamples:\n  kubectl rollout status ds/frontend\n  kubectl rollout history ds/frontend --revision=2\n  kubectl rollout undo ds/frontend --to-revision=1\n  kubectl rollout restart ds/frontend\n\nUsage:\n  kubectl rollout SUBCOMMAND ds/NAME [flags]\n",
        ("version", _) => "Print the client and server version information.\n\nUsage:\n  kubectl version [flags]\n",
        ("api-resources", _) => "Print the supported API resources on the server.\n\nUsage:\n  kubectl api-resources [flags]\n",
        ("help", _) => USAGE,
        _ => {
            ctx.fail(&format!("error: unknown command \"{verb}\" for \"kubectl\"\nRun 'kubectl --help' for usage."));
            return;
        }
    };
    ctx.print(text);
}

pub(crate) fn version(ctx: &mut Ctx<'_>, args: &Args) {
    let v = dsp_core::KUBELET_VERSION;
    if args.value("output") == Some("json") {
        ctx.print(&format!(
            "{{\n  \"clientVersion\": {{\n    \"gitVersion\": \"{v}\"\n  }},\n  \"serverVersion\": {{\n    \"gitVersion\": \"{v}\"\n  }}\n}}\n"
        ));
        return;
    }
    ctx.print(&format!(
        "Client Version: {v}\nKustomize Version: v5.6.0\nServer Version: {v}\n"
    ));
}

pub(crate) fn api_resources(ctx: &mut Ctx<'_>, args: &Args) {
    let no_headers = match args.bool("no-headers") {
        Ok(b) => b,
        Err(e) => return ctx.fail(&format!("error: {e}")),
    };
    let output = args.value("output").unwrap_or("");
    if !matches!(output, "" | "wide" | "name") {
        return ctx.fail(&format!(
            "error: --output {output} is not available in api-resources. Available output formats: wide, name"
        ));
    }
    // kubectl sorts by API group (stable), then by name.
    let custom = ctx.sim.custom_resources();
    let mut resources: Vec<&dsp_schema::Resource> = dsp_schema::schema()
        .resources
        .iter()
        .chain(custom)
        .collect();
    resources.sort_by(|a, b| (&a.group, &a.plural).cmp(&(&b.group, &b.plural)));
    if output == "name" {
        let mut text = String::new();
        for r in resources {
            text.push_str(r.qualified_plural());
            text.push('\n');
        }
        return ctx.print(&text);
    }
    let mut header = vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
    if output == "wide" {
        header.extend(["VERBS", "CATEGORIES"]);
    }
    let mut rows = vec![header.into_iter().map(str::to_string).collect::<Vec<_>>()];
    for r in resources {
        let mut row = vec![
            r.plural.clone(),
            r.short_names.join(","),
            r.api_version().to_string(),
            r.namespaced.to_string(),
            r.kind.clone(),
        ];
        if output == "wide" {
            row.push(r.verbs.join(","));
            row.push(r.categories.join(","));
        }
        rows.push(row);
    }
    if no_headers {
        rows.remove(0);
    }
    let text = crate::tabwriter::rows(&rows);
    ctx.print(&text);
}

/// The playground's kubeconfig: one cluster, one user, one context whose namespace
/// `set-context --current --namespace` changes.
fn kubeconfig(namespace: &str) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "playground", "cluster": {"server": "https://playground.local:6443"}}],
        "contexts": [{"name": "playground", "context": {"cluster": "playground", "namespace": namespace, "user": "learner"}}],
        "current-context": "playground",
        "preferences": {},
        "users": [{"name": "learner", "user": {}}],
    })
}

/// `kubectl config current-context | get-contexts | view | set-context`.
pub(crate) fn config(ctx: &mut Ctx<'_>, args: &Args) {
    let namespace = ctx.sim.client_namespace().to_string();
    match args.positional.first().map(String::as_str) {
        Some("current-context") => ctx.line("playground"),
        Some("get-contexts") => {
            let rows = vec![
                ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"].map(str::to_string).to_vec(),
                vec!["*".into(), "playground".into(), "playground".into(), "learner".into(), namespace],
            ];
            ctx.print(&crate::tabwriter::rows(&rows));
        }
        Some("view") => {
            let value = kubeconfig(&namespace);
            match args.value("output") {
                None | Some("yaml") => ctx.print(&dsp_core::manifest::to_yaml(&value)),
                Some("json") => ctx.line(&crate::format::json_pretty(&value)),
                Some(o) if o.starts_with("jsonpath=") => {
                    let t = &o["jsonpath=".len()..];
                    match crate::jsonpath::render(t, &value) {
                        Ok(text) => ctx.print(&text),
                        Err(e) => ctx.fail(&format!("error: error parsing jsonpath {t}, {e}")),
                    }
                }
                Some(o) => ctx.fail(&format!(
                    "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: json,jsonpath,yaml"
                )),
            }
        }
        Some("set-context") => {
            let current = args.bool("current").unwrap_or(false);
            let named = args.positional.get(1).map(String::as_str);
            if !current && named.is_none() {
                return ctx.fail("error: you must specify a non-empty context name or --current");
            }
            if let Some(name) = named.filter(|n| *n != "playground") {
                return ctx.fail(&format!(
                    "error: the playground has one context, \"playground\" (not \"{name}\"): use kubectl config set-context --current --namespace=NAME"
                ));
            }
            if let Some(ns) = args.value("namespace") {
                ctx.sim.set_client_namespace(ns);
            }
            ctx.line("Context \"playground\" modified.");
        }
        Some(other) => ctx.fail(&format!(
            "error: unknown command \"{other}\" for \"kubectl config\"\n(the playground supports current-context, get-contexts, set-context --current --namespace=NAME and view)"
        )),
        None => ctx.fail("error: specify a subcommand: current-context, get-contexts, set-context or view"),
    }
}

//! A fake `kcadm.sh` on PATH for the tests that run the page's scripts under sh, bash and dash.

/// Run `script` with a fake `kcadm.sh` that records each call's arguments (and stdin where
/// `answers` keeps it) in a fresh directory and answers as `answers` says (the arms of a
/// `case "$1 $2" in … esac`); fails if the shell is missing or anything in the script
/// created a file named `pwned`.
pub(super) fn run(shell: &str, script: &str, answers: &str) -> Vec<(Vec<String>, String)> {
    use std::fs;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "wikijs-kcfix-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::SeqCst)
    ));
    let bin = dir.join("bin");
    let calls = dir.join("calls");
    fs::create_dir_all(&bin).expect("temp dir");
    fs::create_dir_all(&calls).expect("temp dir");
    let fake = format!(
        "#!/bin/sh\n\
        n=$(ls \"$KCADM_CALLS\" | wc -l | tr -d ' ')\n\
        d=\"$KCADM_CALLS/$n\"; mkdir \"$d\"\n\
        i=0; for a in \"$@\"; do i=$((i+1)); printf '%s' \"$a\" > \"$d/arg$i\"; done\n\
        case \"$1 $2\" in\n{answers}esac\n"
    );
    fs::write(bin.join("kcadm.sh"), fake).expect("write fake kcadm");
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(bin.join("kcadm.sh"))
        .status()
        .expect("chmod");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new(shell)
        .arg("-c")
        .arg(script)
        .current_dir(&dir)
        .env("PATH", path)
        .env("KCADM_CALLS", &calls)
        .output()
        .unwrap_or_else(|e| panic!("{shell} must be installed: {e}"));
    assert!(
        out.status.success(),
        "{shell} failed: {}\n{script}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !dir.join("pwned").exists(),
        "{shell}: the script ran an injected command:\n{script}"
    );
    let mut result = Vec::new();
    for n in 0.. {
        let call = calls.join(n.to_string());
        if !call.exists() {
            break;
        }
        let mut args = Vec::new();
        for i in 1.. {
            match fs::read(call.join(format!("arg{i}"))) {
                Ok(bytes) => args.push(String::from_utf8_lossy(&bytes).into_owned()),
                Err(_) => break,
            }
        }
        result.push((
            args,
            fs::read_to_string(call.join("stdin")).unwrap_or_default(),
        ));
    }
    let _ = fs::remove_dir_all(&dir);
    result
}

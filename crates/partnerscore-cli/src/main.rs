//! The `partnerscore` binary: see `partnerscore --help`.

use std::io;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A bug must never show a backtrace to the user: one line, exit code 1.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("internal error: {msg} (please report this)");
    }));
    let args = std::env::args_os().collect();
    let code = std::panic::catch_unwind(|| {
        partnerscore_cli::run(args, &mut io::stdin().lock(), &mut io::stdout().lock(), &mut io::stderr().lock())
    })
    .unwrap_or(1);
    std::process::exit(code);
}

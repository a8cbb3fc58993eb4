fn main() -> std::process::ExitCode {
    commspec::cli::run()
}

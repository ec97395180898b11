//! Files (zip path, bytes, executable or not) in, a reproducible zip out: entries sorted by
//! path, every timestamp 1980-01-01 00:00, permissions 0644 or 0755, deflate, no extra fields.
//! The same files give the same bytes on any machine, whatever their mtimes, owner or umask.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// One file of a package.
pub struct Entry {
    /// Its path inside the zip, `/`-separated.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Whether any execute bit was set.
    pub executable: bool,
}

/// The zip of `entries` (sorted here; paths must be unique).
pub fn zip(mut entries: Vec<Entry>) -> std::io::Result<Vec<u8>> {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for entry in &entries {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(DateTime::default())
            .unix_permissions(if entry.executable { 0o755 } else { 0o644 });
        writer
            .start_file(entry.path.as_str(), options)
            .map_err(std::io::Error::other)?;
        writer.write_all(&entry.bytes)?;
    }
    Ok(writer.finish().map_err(std::io::Error::other)?.into_inner())
}

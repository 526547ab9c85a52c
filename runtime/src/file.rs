//! `format: binary`: a file, as a part of a `multipart/form-data` body carries it.

use std::fmt;

/// A file: its bytes, and the file name and media type it travels with in a
/// `multipart/form-data` body. In JSON (where `format: binary` is only a string) it is the
/// bytes as a string, read as UTF-8 (lossily) and without name or media type.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct File {
    /// The part's file name (`filename` of its `Content-Disposition`).
    pub name: Option<String>,
    /// The part's `Content-Type`.
    pub content_type: Option<String>,
    /// The content.
    pub bytes: Vec<u8>,
}

impl File {
    /// A file of these bytes, without name or media type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File {
            name: None,
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// The same with this file name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The same with this media type (`image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// The name, media type and size, not the bytes.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl From<&[u8]> for File {
    fn from(bytes: &[u8]) -> Self {
        File::new(bytes)
    }
}

impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| File::new(text.into_bytes()))
    }
}

impl crate::validation::Validate for File {
    /// A file has nothing to check: `format: binary` constrains nothing the spec can say.
    fn validate_at(
        &self,
        _location: &crate::validation::Location<'_>,
        _errors: &mut crate::validation::ValidationErrors,
    ) {
    }
}

impl std::str::FromStr for File {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(File::new(text.as_bytes()))
    }
}

impl fmt::Display for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.bytes))
    }
}

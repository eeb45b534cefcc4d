//! The bounds an import works within, so that a hostile or broken source (a zip bomb, a
//! feature of millions of vertices, a million empty features) is refused with its reason in
//! bounded time and memory instead of exhausting the machine. The server reads them from the
//! `[import]` section of its configuration; the CLI uses the defaults.

use serde::Deserialize;

/// Limits of one import. Every count is checked before the data it bounds is held in memory
/// where the format allows it (zip members, GeoJSON features and vertices), else as it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportLimits {
    /// Total size of a zip archive's members once inflated, in MiB (bytes actually inflated
    /// count, not the sizes the archive declares).
    pub max_uncompressed_mb: u64,
    /// Members (files and folders) of a zip archive.
    pub max_members: usize,
    /// Features of the source.
    pub max_features: u64,
    /// Vertices of one feature.
    pub max_vertices_per_feature: u64,
    /// Vertices of all the features together.
    pub max_vertices: u64,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self {
            // The national QPV layer is 3 MB zipped, 20 MB inflated: a wide margin.
            max_uncompressed_mb: 500,
            max_members: 200,
            max_features: 250_000,
            // The most detailed QPV outline has a few thousand vertices; a commune boundary
            // at full IGN resolution some tens of thousands.
            max_vertices_per_feature: 500_000,
            max_vertices: 10_000_000,
        }
    }
}

impl ImportLimits {
    /// The inflated-size bound in bytes.
    pub fn max_uncompressed_bytes(&self) -> u64 {
        self.max_uncompressed_mb.saturating_mul(1024 * 1024)
    }
}

/// Which limit a source went over, and by how much: the refusal's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceeded {
    Uncompressed {
        limit_mb: u64,
    },
    Members {
        found: usize,
        limit: usize,
    },
    Features {
        found: u64,
        limit: u64,
    },
    FeatureVertices {
        feature: u64,
        found: u64,
        limit: u64,
    },
    Vertices {
        limit: u64,
    },
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exceeded::Uncompressed { limit_mb } => write!(
                f,
                "archive zip refusée : décompressée, elle dépasse {limit_mb} Mio ([import] max_uncompressed_mb)"
            ),
            Exceeded::Members { found, limit } => write!(
                f,
                "archive zip refusée : {found} fichiers, plus que la limite de {limit} ([import] max_members)"
            ),
            Exceeded::Features { found, limit } => write!(
                f,
                "fichier refusé : {found} entités ou plus, plus que la limite de {limit} ([import] max_features)"
            ),
            Exceeded::FeatureVertices {
                feature,
                found,
                limit,
            } => write!(
                f,
                "fichier refusé : l'entité n°{feature} a {found} sommets ou plus, plus que la limite de {limit} par entité ([import] max_vertices_per_feature)"
            ),
            Exceeded::Vertices { limit } => write!(
                f,
                "fichier refusé : plus de {limit} sommets en tout ([import] max_vertices)"
            ),
        }
    }
}

/// Counts features and vertices against the limits as a source is read.
#[derive(Debug)]
pub struct Tally {
    limits: ImportLimits,
    features: u64,
    vertices: u64,
}

impl Tally {
    pub fn new(limits: ImportLimits) -> Self {
        Self {
            limits,
            features: 0,
            vertices: 0,
        }
    }

    /// Counts one more feature of `vertices` vertices.
    pub fn feature(&mut self, vertices: u64) -> Result<(), Exceeded> {
        self.features += 1;
        if self.features > self.limits.max_features {
            return Err(Exceeded::Features {
                found: self.features,
                limit: self.limits.max_features,
            });
        }
        if vertices > self.limits.max_vertices_per_feature {
            return Err(Exceeded::FeatureVertices {
                feature: self.features,
                found: vertices,
                limit: self.limits.max_vertices_per_feature,
            });
        }
        self.vertices = self.vertices.saturating_add(vertices);
        if self.vertices > self.limits.max_vertices {
            return Err(Exceeded::Vertices {
                limit: self.limits.max_vertices,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> ImportLimits {
        ImportLimits {
            max_features: 3,
            max_vertices_per_feature: 10,
            max_vertices: 25,
            ..ImportLimits::default()
        }
    }

    #[test]
    fn the_feature_over_the_count_is_refused() {
        let mut t = Tally::new(small());
        for _ in 0..3 {
            t.feature(0).expect("within the limit");
        }
        assert_eq!(t.feature(0), Err(Exceeded::Features { found: 4, limit: 3 }));
    }

    #[test]
    fn one_feature_over_its_vertices_is_named() {
        let mut t = Tally::new(small());
        t.feature(10).expect("exactly the limit");
        let e = t.feature(11).expect_err("over");
        assert_eq!(
            e,
            Exceeded::FeatureVertices {
                feature: 2,
                found: 11,
                limit: 10
            }
        );
        assert!(e.to_string().contains("n°2"), "{e}");
    }

    #[test]
    fn the_total_of_vertices_is_bounded() {
        let mut t = Tally::new(small());
        t.feature(10).expect("10");
        t.feature(10).expect("20");
        assert_eq!(t.feature(10), Err(Exceeded::Vertices { limit: 25 }));
    }
}

//! Why a tile cannot be made.

/// Why a tile request cannot be answered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum TileError {
    #[error("niveau de zoom {z} hors limites (0 à {max})", max = crate::MAX_ZOOM)]
    Zoom { z: u8 },
    #[error("tuile {z}/{x}/{y} hors de la grille : x et y vont de 0 à {last} au zoom {z}")]
    OutOfGrid { z: u8, x: u32, y: u32, last: u32 },
    #[error("zooms {min} à {max} : le premier ne doit pas dépasser le second, ni le second {limit}", limit = crate::MAX_ZOOM)]
    ZoomRange { min: u8, max: u8 },
    #[error("écriture de l'archive PMTiles impossible : {0}")]
    Archive(String),
    #[error("encodage de la couche « {layer} » impossible : {message}")]
    Encoding {
        layer: &'static str,
        message: String,
    },
}

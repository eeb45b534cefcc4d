//! Why a tile cannot be made.

/// Why a tile request cannot be answered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum TileError {
    #[error("niveau de zoom {z} hors limites (0 à {max})", max = crate::MAX_ZOOM)]
    Zoom { z: u8 },
    #[error("tuile {z}/{x}/{y} hors de la grille : x et y vont de 0 à {last} au zoom {z}")]
    OutOfGrid { z: u8, x: u32, y: u32, last: u32 },
    #[error("encodage de la couche « {layer} » impossible : {message}")]
    Encoding {
        layer: &'static str,
        message: String,
    },
}

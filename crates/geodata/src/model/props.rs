//! What every layer's properties have in common, for generic loading, validation and queries.

use super::{
    Boundary, Centrality, Commune, Corridor, Equipment, Ilot, Operation, Perimeter, Placement,
    SourceRef,
};

/// Accessors shared by the properties of every geographic layer.
pub trait FeatureProps {
    /// Identifier, unique in its layer and territory.
    fn id(&self) -> &str;
    /// Name or title shown to users.
    fn title(&self) -> &str;
    fn placement(&self) -> &Placement;
    fn placement_mut(&mut self) -> &mut Placement;
    /// INSEE codes of the communes the feature lies in, as the data states them.
    fn communes(&self) -> &[String];
    fn source(&self) -> &SourceRef;
}

/// `impl_props!(Type, id_field, title_field, communes_field)`, or with
/// `communes: |props| expression` where the communes are not a field of their own.
macro_rules! impl_props {
    ($ty:ty, $id:ident, $title:ident, $communes:ident) => {
        impl_props!($ty, $id, $title, communes: |p| &p.$communes);
    };
    ($ty:ty, $id:ident, $title:ident, communes: |$p:ident| $communes:expr) => {
        impl FeatureProps for $ty {
            fn id(&self) -> &str {
                &self.$id
            }
            fn title(&self) -> &str {
                &self.$title
            }
            fn placement(&self) -> &Placement {
                &self.placement
            }
            fn placement_mut(&mut self) -> &mut Placement {
                &mut self.placement
            }
            fn communes(&self) -> &[String] {
                let $p = self;
                $communes
            }
            fn source(&self) -> &SourceRef {
                &self.source
            }
        }
    };
}

impl_props!(Perimeter, code, name, communes);
impl_props!(Operation, id, title, communes);
impl_props!(Equipment, id, name, communes);
impl_props!(Centrality, id, name, communes);
impl_props!(Corridor, id, name, communes);
impl_props!(Ilot, id, name, communes);

// A commune lies in itself; a territory's boundary names no commune of its own.
impl_props!(Commune, insee, name, communes: |c| std::slice::from_ref(&c.insee));
impl_props!(Boundary, code, name, communes: |_boundary| &[]);

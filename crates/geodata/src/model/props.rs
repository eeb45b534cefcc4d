//! What every layer's properties have in common, for generic loading, validation and queries.

use super::{
    Boundary, Centrality, Commune, Corridor, Equipment, Ilot, Operation, Perimeter, Placement,
    ProjectStatus, SourceRef, StatusDate,
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
    /// The feature's status and when it was known, for layers whose features have one.
    fn dated_status(&self) -> Option<(ProjectStatus, &StatusDate)> {
        None
    }
}

/// `impl_props!(Type, id_field, title_field, communes_field)`, or with
/// `communes: |props| expression` where the communes are not a field of their own; then
/// `status: status_field, status_date_field` for layers whose features have a status.
macro_rules! impl_props {
    ($ty:ty, $id:ident, $title:ident, $communes:ident $(, status: $status:ident, $status_date:ident)?) => {
        impl_props!($ty, $id, $title, communes: |p| &p.$communes $(, status: $status, $status_date)?);
    };
    ($ty:ty, $id:ident, $title:ident, communes: |$p:ident| $communes:expr $(, status: $status:ident, $status_date:ident)?) => {
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
            $(
                fn dated_status(&self) -> Option<(ProjectStatus, &StatusDate)> {
                    Some((self.$status, &self.$status_date))
                }
            )?
        }
    };
}

impl_props!(Perimeter, code, name, communes);
impl_props!(Operation, id, title, communes, status: status, status_date);
impl_props!(Equipment, id, name, communes, status: status, status_date);
impl_props!(Centrality, id, name, communes);
impl_props!(Corridor, id, name, communes);
impl_props!(Ilot, id, name, communes);

// A commune lies in itself; a territory's boundary names no commune of its own.
impl_props!(Commune, insee, name, communes: |c| std::slice::from_ref(&c.insee));
impl_props!(Boundary, code, name, communes: |_boundary| &[]);

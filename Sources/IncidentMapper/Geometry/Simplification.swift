import CGEOS

/// Simplification for drawing, through GEOS. Tolerances are in the coordinates' own unit
/// (degrees): they say how coarse a drawing may be, never a distance the tool reports.
extension GEOSGeometry {
    /// A copy with fewer vertices, none moved by more than `tolerance`, whose rings stay valid
    /// and do not cross (GEOS TopologyPreserveSimplify, a Douglas–Peucker that keeps topology).
    public func simplifiedPreservingTopology(tolerance: Double) throws(GeometryError) -> GEOSGeometry {
        try result(GEOSTopologyPreserveSimplify_r(context.handle, pointer, tolerance)) // NULL on exception
    }

    /// The lines of this (multi)line geometry joined end to end wherever exactly two meet
    /// (GEOS LineMerge): a coast given as separate edges becomes a few long lines.
    public func lineMerged() throws(GeometryError) -> GEOSGeometry {
        try result(GEOSLineMerge_r(context.handle, pointer)) // NULL on exception
    }
}

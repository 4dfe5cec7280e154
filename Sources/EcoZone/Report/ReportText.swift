import Foundation

/// Every word of the report in each language: one table (``entries``), one key per phrase, `{1}`,
/// `{2}` … for the values a phrase takes. Role, kind, status and unit names, and the formatting of
/// numbers (thousands grouped, units 平方千米 / 公顷 in Chinese, km² / ha in English), are here too,
/// so the report's code holds no text of its own.
struct ReportText: Sendable {
    let language: ReportLanguage
    /// The project's own names for its layers (`label:`), by layer name; they win over the role names.
    var labels: [String: String] = [:]

    init(_ language: ReportLanguage, labels: [String: String] = [:]) {
        self.language = language
        self.labels = labels
    }

    subscript(_ key: Key) -> String {
        let e = Self.entries[key] ?? (zh: key.rawValue, en: key.rawValue)
        return language == .zh ? e.zh : e.en
    }

    /// The phrase with `{1}`, `{2}` … replaced by the arguments.
    func callAsFunction(_ key: Key, _ args: CustomStringConvertible...) -> String {
        var s = self[key]
        for (i, a) in args.enumerated() { s = s.replacingOccurrences(of: "{\(i + 1)}", with: a.description) }
        return s
    }

    // MARK: punctuation

    var listSeparator: String { language == .zh ? "、" : ", " }
    var colon: String { language == .zh ? "：" : ": " }

    // MARK: numbers and units

    /// Fixed decimals, thousands grouped with commas (千分位), a true minus: "1,820.29", "−2.71".
    func number(_ x: Double, _ decimals: Int) -> String { NumberText.grouped(x, decimals: decimals, minus: "−") }

    /// "1,820.29 平方千米" / "1,820.29 km²".
    func km2(_ x: Double, _ decimals: Int = 2) -> String { number(x, decimals) + " " + self[.unitKm2] }

    /// An area in km², fixed decimals, thousands grouped.
    func number(_ a: Area, _ decimals: Int) -> String { number(a.squareKilometres, decimals) }

    /// "1,820.29 平方千米" / "1,820.29 km²".
    func km2(_ a: Area, _ decimals: Int = 2) -> String { km2(a.squareKilometres, decimals) }

    /// "12.34 公顷" / "12.34 ha".
    func ha(_ x: Double, _ decimals: Int = 2) -> String { number(x, decimals) + " " + self[.unitHa] }

    /// A fraction as a percentage: "7.82%" in Chinese, "7.82 %" in English.
    func percent(_ fraction: Double, _ decimals: Int = 2) -> String {
        number(100 * fraction, decimals) + (language == .zh ? "%" : " %")
    }

    /// An indicator check's kind (rule, sense, years …).
    func indicatorCheck(_ kind: IndicatorCheck.Kind) -> String {
        switch kind {
        case .rule: return self[.checkRule]
        case .sense: return self[.checkSense]
        case .years: return self[.checkYears]
        case .trend: return self[.checkTrend]
        case .cumulative: return self[.checkCumulative]
        case .perYear: return self[.checkPerYear]
        case .feasibility: return self[.checkFeasibility]
        case .baseline: return self[.checkBaseline]
        case .progress: return self[.checkProgress]
        }
    }

    /// A claim's unit as written in a claims file (km2, ha, %, mu, km, m, count).
    func unit(_ u: String) -> String {
        switch u.lowercased() {
        case "km2", "km²": return self[.unitKm2]
        case "ha": return self[.unitHa]
        case "mu", "亩": return self[.unitMu]
        case "km": return self[.unitKm]
        case "m": return self[.unitM]
        case "count": return self[.unitCount]
        default: return u
        }
    }

    // MARK: names

    /// The display name of a role the report knows, nil for a plan's own role.
    func roleName(_ role: Role) -> String? {
        switch role {
        case .boundary: return self[.roleBoundary]
        case .towns: return self[.roleTowns]
        case .redLine: return self[.roleRedLine]
        case .protectedAreas: return self[.roleProtectedAreas]
        case .soilErosion: return self[.roleSoilErosion]
        case .rockyDesertification: return self[.roleRockyDesertification]
        case .restorationZones: return self[.roleRestorationZones]
        case .projects: return self[.roleProjects]
        default: return nil
        }
    }

    /// How the report names a layer of the run: a known role by its display name ("生态保护红线"), an
    /// earlier version with its year ("生态保护红线（2020年）"), a result by its name ("夹点"), a plan's
    /// own role by its key; a layer the project labels (`label: 区县`) by its label.
    func layerName(_ name: String) -> String {
        if let l = labels[name] { return l }
        if let n = roleName(Role(name)) { return n }
        if let (role, year) = Project.splitYear(name), let n = labels[role.rawValue] ?? roleName(role) { return self(.versionOf, n, year) }
        switch name {
        case "conflicts": return self[.layerConflicts]
        case "pattern_links": return self[.layerPatternLinks]
        case "corridor_paths": return self[.layerCorridorPaths]
        case "corridor_polygons", "corridors": return self[.layerCorridorPolygons]
        case "pinch_points": return self[.layerPinchPoints]
        case "barrier_patches", "barriers": return self[.layerBarrierPatches]
        // A plan's own roles under their usual keys.
        case "landuse", "land-use", "land_use": return self[.layerLandUse]
        case "dem": return self[.layerDEM]
        case "rivers": return self[.layerRivers]
        case "sources": return self[.layerSources]
        default: return name
        }
    }

    /// A cross-tabulation key: "(outside)", "(nodata)", "(no slope)" in the report's words, anything else as it is.
    func key(_ k: String) -> String {
        switch k {
        case CrossTabulation.outsideKey: return self[.outside]
        case RasterTally.nodataKey: return self[.keyNoData]
        case RasterTally.noSlopeKey: return self[.keyNoSlope]
        default: return k
        }
    }

    /// A cross-tabulation dimension ("soil-erosion:grade") as "水土流失 · 等级".
    func dimension(_ text: String) -> String {
        guard let d = Project.Tabulation.Dimension(parsing: text) else { return text }
        let layer = layerName(d.layer)
        guard let f = d.field else { return layer }
        return layer + " · " + (Project.FieldRole(rawValue: f).map(fieldRole) ?? rasterField(f) ?? f)
    }

    /// A raster layer's key as a heading ("slope" → 坡度); nil for any other field.
    func rasterField(_ f: String) -> String? {
        switch f {
        case "slope": return self[.fieldSlope]
        case "elevation": return self[.fieldElevation]
        case "value": return self[.fieldValue]
        default: return nil
        }
    }

    func fieldRole(_ r: Project.FieldRole) -> String {
        switch r {
        case .name: return self[.fieldName]
        case .grade: return self[.fieldGrade]
        case .class: return self[.fieldClass]
        case .code: return self[.fieldCode]
        case .type: return self[.fieldType]
        case .level: return self[.fieldLevel]
        case .version: return self[.fieldVersion]
        case .id: return self[.fieldID]
        case .zone: return self[.fieldZone]
        case .town: return self[.fieldTown]
        }
    }

    /// An OGR geometry type ("Multi Polygon", "3D Line String") in the report's words.
    func geometry(_ g: String) -> String {
        let l = g.lowercased()
        if l.contains("polygon") { return self[.geometryPolygon] }
        if l.contains("line") { return self[.geometryLine] }
        if l.contains("point") { return self[.geometryPoint] }
        return g
    }

    func shape(_ s: String) -> String {
        switch s {
        case "polygon": return self[.geometryPolygon]
        case "line": return self[.geometryLine]
        case "point": return self[.geometryPoint]
        case "mixed": return self[.geometryMixed]
        default: return s
        }
    }

    func kindName(_ k: ElementKind) -> String {
        switch k.rawValue {
        case "barrier": return self[.kindBarrier]
        case "belt": return self[.kindBelt]
        case "corridor": return self[.kindCorridor]
        case "node": return self[.kindNode]
        case "patch": return self[.kindPatch]
        case "zone": return self[.kindZone]
        case "core": return self[.kindCore]
        case "axis": return self[.kindAxis]
        default: return k.rawValue
        }
    }

    /// A group of the pattern: its symbol and kind ("屏 · 生态屏障"), or its key when the symbol is the key.
    func patternRole(_ r: PatternRole) -> String { "\(r.symbol) · \(kindName(r.kind))" }

    func inventoryStatus(_ s: String) -> String {
        switch s {
        case "match": return self[.statusMatch]
        case "missing": return self[.statusMissing]
        case "extra": return self[.statusExtra]
        case "uncounted": return self[.statusUncounted]
        default: return s
        }
    }

    /// A claim's status: 通过 / 未通过 / 错误 / 仅声明 (pass / fail / error / stated).
    func claimStatus(_ s: String) -> String {
        switch s {
        case "pass": return self[.claimPass]
        case "fail": return self[.claimFail]
        case "error": return self[.claimError]
        case "unchecked": return self[.claimStated]
        case "warning": return self[.statusWarning]
        default: return s
        }
    }

    func nature(_ n: String) -> String {
        switch n {
        case "overlap": return self[.natureOverlap]
        case "touch": return self[.natureTouch]
        case "near": return self[.natureNear]
        case "riparian": return self[.natureRiparian]
        default: return n
        }
    }

    func linkDrawing(_ d: String) -> String {
        switch d {
        case "nearest": return self[.drawnNearest]
        case "contact": return self[.drawnContact]
        case "corridor-path": return self[.drawnCorridorPath]
        default: return d
        }
    }

    /// A step of the run ("layer soil-erosion", "cross-tab a × b") in the report's words.
    func stepName(_ step: String) -> String {
        let prefixes: [(String, Key)] = [("layer ", .stepLayer), ("tiles ", .stepTiles), ("cross-tab ", .stepCrossTab), ("raster ", .stepRaster)]
        for (p, k) in prefixes where step.hasPrefix(p) {
            let rest = String(step.dropFirst(p.count))
            let shown = k == .stepCrossTab ? rest.components(separatedBy: " × ").map(dimension).joined(separator: " × ") : layerName(rest)
            return self(k, shown)
        }
        switch step {
        case "overlap matrix": return self[.stepMatrix]
        case "conflicts": return self[.stepConflicts]
        case "claims": return self[.stepClaims]
        case "security pattern": return self[.stepPattern]
        case "corridors": return self[.stepCorridors]
        case "sources": return self[.stepSources]
        case "resistance": return self[.stepResistance]
        case "report": return self[.stepReport]
        default: return step
        }
    }

    /// "等级按 SL 190-2007《土壤侵蚀分类分级标准》排序：微度 → … → 剧烈。" / "Grades in the order of SL 190-2007 …".
    func orderNote(_ o: ClassOrder) -> String {
        let classes = o.classes.joined(separator: " → ")
        guard o.origin == .national else { return self(.orderNoteProject, classes) }
        let standard = o.standard == "karst" ? self[.standardKarst] : o.standard == "SL 190-2007" ? self[.standardErosion] : o.standard ?? ""
        return self(.orderNoteNational, standard, classes)
    }

    /// A text encoding as `TextEncoding` describes it ("CP936 (from .cpg)") in the report's words.
    func encoding(_ description: String) -> String {
        guard language == .zh, let open = description.firstIndex(of: "(") else { return description }
        let name = description[..<open].trimmingCharacters(in: .whitespaces)
        let basis = description[description.index(after: open)...].dropLast()
        let words: [(String, Key)] = [("from .cpg", .encodingCPG), ("from the DBF language id", .encodingLDID), ("by format", .encodingFormat),
                                      ("no declaration; all text is valid UTF-8", .encodingValidated), ("as given", .encodingUser),
                                      ("inferred: no .cpg or language id, and the bytes are not valid UTF-8", .encodingInferred)]
        if let w = words.first(where: { $0.0 == basis }) { return "\(name)（\(self[w.1])）" }
        if basis.hasPrefix("inferred: "), basis.hasSuffix(", but the bytes are not valid UTF-8") {
            let declared = basis.dropFirst("inferred: ".count).dropLast(", but the bytes are not valid UTF-8".count)
            return "\(name)（\(self(.encodingInferredDeclared, declared))）"
        }
        return description
    }

    /// A field of a layer as a heading: its role and name ("名称（NAME）"), or the name alone.
    func field(_ name: String, roles: [String: String]) -> String {
        guard let role = roles.first(where: { $0.value == name }).flatMap({ Project.FieldRole(rawValue: $0.key) }) else { return name }
        return self(.fieldWithName, fieldRole(role), name)
    }

    // MARK: the table

    enum Key: String, CaseIterable, Sendable {
        // page
        case kicker, toc, figureLabel, tableLabel, footer, emptyTable, subtitle, total, outside, arithmetic, versionOf
        // units
        case unitKm2, unitHa, unitMu, unitKm, unitM, unitCount
        // roles and results
        case roleBoundary, roleTowns, roleRedLine, roleProtectedAreas, roleSoilErosion, roleRockyDesertification, roleRestorationZones, roleProjects
        case layerConflicts, layerConflictsWith, layerPatternLinks, layerCorridorPaths, layerCorridorPolygons, layerPinchPoints, layerBarrierPatches
        case layerCores, footprintOf
        // field roles and result fields
        case fieldName, fieldGrade, fieldClass, fieldCode, fieldType, fieldLevel, fieldVersion, fieldID, fieldZone, fieldTown
        case fieldSlope, fieldElevation, fieldValue, keyNoData, keyNoSlope
        case fieldAreaKm2, fieldMaxCurrent, fieldMaxScore, fieldFromID, fieldToID, fieldCutoff, fieldEuclideanM, fieldLengthM
        // geometry, kinds, statuses
        case geometryPolygon, geometryLine, geometryPoint, geometryMixed
        case kindBarrier, kindBelt, kindCorridor, kindNode, kindPatch, kindZone, kindCore, kindAxis
        case statusMatch, statusMissing, statusExtra, statusUncounted
        case claimPass, claimFail, claimError, claimStated, statusWarning
        case natureOverlap, natureTouch, natureNear, natureRiparian, drawnNearest, drawnContact, drawnCorridorPath
        // sections
        case sectionOverview, sectionLayers, sectionProtection, sectionCrossTabs, sectionConflicts, sectionClaims, sectionPattern
        case sectionCorridors, sectionMethod
        // cards
        case cardDistrict, areaNoteShort, shareOfDistrict, cardClaims, cardClaimsValue, cardClaimsNote, cardPattern, cardPatternValue
        case cardPatternNote, cardConflicts, cardConflictsValue, cardConflictsNote
        // maps
        case mapProjectionNote, projectionGK, projectionTM, projectionPrefix, mapLegend, unclassified
        case mapOverviewTitle, mapOverviewCaption, mapProtectionTitle, mapProtectionCaption, mapProtectionCaptionVersions
        case mapErosionTitle, mapErosionCaption, mapConflictsTitle, mapConflictsCaption, mapPatternTitle, mapPatternCaption
        case mapCorridorsTitle, mapCorridorsCaption
        // interactive map
        case interactiveTitle, interactiveCaption, interactiveUnavailable, mapLayers, mapNoData, popupArea, popupLength, popupFeature
        case mapSimplifiedNote
        // column headers
        case colLayer, colKey, colFeatures, colGeometry, colCRS, colEncoding, colAreaKm2, colLengthKm, colRepaired, colShare
        case colShareOfDistrict, colAgainst, colName, colClass, colOverlapKm2, colShareOfProject, colClaim, colStatus, colStated
        case colComputed, colUnit, colDifference, colRelative, colGroup, colKind, colLabel, colDeclared, colNamed, colFound
        case colElement, colFootprintHa, colFootprintKm2, colRank, colInRedLine, colInProtected, colFrom, colTo, colEuclideanKm
        case colCostDistance, colPathKm, colCostPerLength, colEffectiveResistance, colStep, colSeconds, colShape, colLinks
        case colBufferM, colNature, colDistanceM, colDrawn
        // captions and notes
        case areaNote, overlayAreaNote, districtSameMethod, layersCaption, layersNote, layerByCaption, featureTableCaption, featureTableNote, warningsIntro
        case orderNoteNational, orderNoteProject, standardErosion, standardKarst, north, fieldWithName
        case encodingCPG, encodingLDID, encodingFormat, encodingValidated, encodingUser, encodingInferred, encodingInferredDeclared
        case matrixCaption, matrixNote, matrixAreasCaption, crossTabNote, crossTabSummedOver, outsideNote
        case conflictsCaption, claimsCaption, claimsNote, claimsPassNote, claimsFailNote, claimsErrorNote, claimsStatedNote
        case patternInventoryCaption, patternGraphSummary, patternNoIsolated, patternIsolated, patternRule, patternRuleDefault
        case patternRuleMet, patternRuleNotMet, patternCutOff, patternNoRule, patternRankingCaption, patternRankingNote
        case corridorPairsCaption, corridorPairsNote, methodText, stepsCaption
        // indicator table
        case sectionIndicators, indicatorsCount, indicatorsCountNote, indicatorsBindingFailing, indicatorsBindingFailingNote
        case indColIndicator, indColAttribute, indColUnit, indColBaseline, indColTargets, indColStatus, indColProgress
        case indWay, indMet, indNotYet, indMeasuredTitle, indTimeGone
        case checkRule, checkSense, checkYears, checkTrend, checkCumulative, checkPerYear, checkFeasibility, checkBaseline, checkProgress
        case indicatorsExpectedFailing, indicatorsExpectedFailingNote, indicatorsWarnings, indicatorsWarningsNote, indicatorsMethod, indicatorsCaption
        // steps
        case stepLayer, stepTiles, stepCrossTab, stepMatrix, stepConflicts, stepClaims, stepPattern, stepCorridors, stepReport
        // raster layers
        case stepRaster, sectionRasters, rasterWhole, rasterClassesCaption, colClassValue, colClassName, outsideRaster
        case rasterNoteGeographic, rasterNoteProjected, terrainSlopeCaption, terrainElevationCaption, terrainStatsCaption, terrainNote
        case colElevationMean, colElevationMin, colElevationMax, colSlopeMean, colNoData, mapTerrainTitle, mapTerrainCaption
        case mapSteepSlopes, mapHighGround, layerLandUse, layerDEM, layerRivers
        // lines and points
        case colCount, crossTabLengthNote, crossTabCountNote, colInsideKm, colShareOfLine
        // the chain: sources, resistance
        case sectionSources, sectionResistance, stepSources, stepResistance, layerSources, mapSourcesTitle, mapSourcesCaption
        case mspaCaption, mspaNote, sourcesCaption, sourcesNote, sourcesMore, resistanceCaption, resistanceNote, resistanceAHP
        case resistanceMultiplier, colMSPAClass, colCells, colAreaHa, colDPC, colKept, colReason, colFactor, colInput, colScoring
        case colWeight, colMeanScore, yes, no
    }

    static let entries: [Key: (zh: String, en: String)] = [
        .kicker: ("EcoZone · 国土空间生态保护修复分析报告", "EcoZone · Territorial ecological protection and restoration review"),
        .toc: ("目录", "Contents"),
        .figureLabel: ("图 {1}", "Figure {1}"),
        .tableLabel: ("表 {1}", "Table {1}"),
        .footer: ("由 EcoZone 生成", "Generated by EcoZone"),
        .emptyTable: ("（无）", "(none)"),
        .subtitle: ("规划图层、数据与生态安全格局核查报告", "A review of the plan's layers, figures and security pattern"),
        .total: ("合计", "total"),
        .outside: ("（范围外）", "(outside)"),
        .arithmetic: ("（算术核查）", "(arithmetic)"),
        .versionOf: ("{1}（{2}年）", "{1} ({2})"),

        .unitKm2: ("平方千米", "km²"),
        .unitHa: ("公顷", "ha"),
        .unitMu: ("亩", "mu"),
        .unitKm: ("千米", "km"),
        .unitM: ("米", "m"),
        .unitCount: ("个", "count"),

        .roleBoundary: ("行政区", "District boundary"),
        .roleTowns: ("乡镇（街道）", "Towns and sub-districts"),
        .roleRedLine: ("生态保护红线", "Ecological red line"),
        .roleProtectedAreas: ("自然保护地", "Protected areas"),
        .roleSoilErosion: ("水土流失", "Soil erosion"),
        .roleRockyDesertification: ("石漠化", "Rocky desertification"),
        .roleRestorationZones: ("生态修复分区", "Restoration zones"),
        .roleProjects: ("重点工程", "Key projects"),
        .layerConflicts: ("重点工程与保护地重叠部分", "Projects overlapping protected land"),
        .layerConflictsWith: ("重点工程与{1}重叠部分", "Projects overlapping: {1}"),
        .layerPatternLinks: ("格局要素连接", "Links between pattern elements"),
        .layerCorridorPaths: ("最小成本路径", "Least-cost paths"),
        .layerCorridorPolygons: ("生态廊道（成本阈值内）", "Corridors (within the cost cut-off)"),
        .layerPinchPoints: ("夹点", "Pinch points"),
        .layerBarrierPatches: ("障碍点", "Barriers"),
        .layerCores: ("廊道源地：山体（屏）", "Corridor cores: ranges (barriers)"),
        .footprintOf: ("{1}（缓冲范围）", "{1} (footprint)"),

        .fieldName: ("名称", "name"),
        .fieldGrade: ("等级", "grade"),
        .fieldClass: ("类型", "class"),
        .fieldSlope: ("坡度", "slope"),
        .fieldElevation: ("高程", "elevation"),
        .fieldValue: ("数值", "value"),
        .keyNoData: ("（无数据）", "(no data)"),
        .keyNoSlope: ("（无坡度）", "(no slope)"),
        .fieldCode: ("代码", "code"),
        .fieldType: ("类别", "type"),
        .fieldLevel: ("级别", "level"),
        .fieldVersion: ("版本", "version"),
        .fieldID: ("编号", "id"),
        .fieldZone: ("分区", "zone"),
        .fieldTown: ("乡镇", "town"),
        .fieldAreaKm2: ("面积（平方千米）", "area (km²)"),
        .fieldMaxCurrent: ("最大电流", "highest current"),
        .fieldMaxScore: ("最大改善得分", "highest improvement score"),
        .fieldFromID: ("起点编号", "from id"),
        .fieldToID: ("终点编号", "to id"),
        .fieldCutoff: ("成本阈值", "cost cut-off"),
        .fieldEuclideanM: ("直线距离（米）", "straight distance (m)"),
        .fieldLengthM: ("长度（米）", "length (m)"),

        .geometryPolygon: ("面", "polygon"),
        .geometryLine: ("线", "line"),
        .geometryPoint: ("点", "point"),
        .geometryMixed: ("混合", "mixed"),
        .kindBarrier: ("生态屏障", "barrier"),
        .kindBelt: ("生态带", "belt"),
        .kindCorridor: ("生态廊道", "corridor"),
        .kindNode: ("生态节点", "node"),
        .kindPatch: ("生态斑块", "patch"),
        .kindZone: ("生态分区", "zone"),
        .kindCore: ("生态核心", "core"),
        .kindAxis: ("生态轴", "axis"),
        .statusMatch: ("一致", "match"),
        .statusMissing: ("缺少", "missing"),
        .statusExtra: ("多出", "extra"),
        .statusUncounted: ("未计数", "uncounted"),
        .claimPass: ("通过", "pass"),
        .claimFail: ("未通过", "fail"),
        .claimError: ("错误", "error"),
        .claimStated: ("仅声明", "stated only"),
        .natureOverlap: ("重叠", "overlap"),
        .natureTouch: ("相接", "touch"),
        .natureNear: ("邻近", "near"),
        .natureRiparian: ("沿河缓冲相连", "riparian"),
        .drawnNearest: ("两要素最近点连线", "between the nearest points"),
        .drawnContact: ("相接处短线", "a tick where they meet"),
        .drawnCorridorPath: ("沿廊道路径", "along the corridor path"),

        .sectionOverview: ("概况", "Overview"),
        .sectionLayers: ("图层", "Layers"),
        .sectionProtection: ("保护与叠加", "Protection and overlaps"),
        .sectionCrossTabs: ("分区统计", "Cross-tabulations"),
        .sectionConflicts: ("重点工程与保护地冲突", "Projects on protected land"),
        .sectionClaims: ("规划数据核查", "Validation of stated figures"),
        .sectionPattern: ("生态安全格局", "Security pattern"),
        .sectionCorridors: ("生态廊道", "Corridors"),
        .sectionMethod: ("方法与可复现性", "Method and reproducibility"),

        .cardDistrict: ("幅员面积", "District area"),
        .areaNoteShort: ("CGCS2000 椭球面积", "ellipsoidal area, CGCS2000"),
        .shareOfDistrict: ("占幅员 {1}", "{1} of the district"),
        .cardClaims: ("规划数据核查", "Stated figures checked"),
        .cardClaimsValue: ("{1} 通过 · {2} 未通过", "{1} pass · {2} fail"),
        .cardClaimsNote: ("{1} 项错误，{2} 项仅为声明", "{1} error(s), {2} stated only"),
        .cardPattern: ("生态安全格局", "Security pattern"),
        .cardPatternValue: ("{1} 个要素", "{1} elements"),
        .cardPatternNote: ("{1} 条连接，{2} 个连通组分", "{1} links, {2} component(s)"),
        .cardConflicts: ("重点工程占用保护地", "Projects on protected land"),
        .cardConflictsValue: ("{1} / {2} 项", "{1} of {2}"),
        .cardConflictsNote: ("与生态保护红线或自然保护地重叠", "overlapping the red line or protected areas"),

        .mapProjectionNote: ("地图投影为图幅中心所在的 CGCS2000 3° 高斯-克吕格投影带。", " Projected for display in the CGCS2000 Gauss–Krüger zone of the map's centre."),
        .projectionGK: ("CGCS2000 3°高斯-克吕格投影 第{1}带（中央经线 {2}°E，EPSG:{3}）", "CGCS2000 3° Gauss–Krüger zone {1} (central meridian {2}°E, EPSG:{3})"),
        .projectionTM: ("横轴墨卡托投影（GRS80，中央经线 {1}°）", "Transverse Mercator (GRS80, central meridian {1}°)"),
        .projectionPrefix: ("投影：", "Projection: "),
        .mapLegend: ("图例", "Legend"),
        .unclassified: ("未分类", "unclassified"),
        .mapOverviewTitle: ("{1} — 总图", "{1} — overview"),
        .mapOverviewCaption: ("{1}。", "{1}."),
        .mapProtectionTitle: ("生态保护红线与自然保护地", "Red line and protected areas"),
        .mapProtectionCaption: ("生态保护红线与自然保护地。", "Red line and protected areas."),
        .mapProtectionCaptionVersions: ("生态保护红线（现行与历史版本）与自然保护地。", "Red line (current and earlier versions) and protected areas."),
        .mapErosionTitle: ("水土流失与石漠化", "Soil erosion and rocky desertification"),
        .mapErosionCaption: ("按等级显示的水土流失与石漠化，叠加生态修复分区。", "Graded soil erosion and rocky desertification over the restoration zones."),
        .mapConflictsTitle: ("重点工程与保护地冲突", "Key projects on protected land"),
        .mapConflictsCaption: ("重点工程；与生态保护红线、自然保护地重叠的部分以深红色表示。", "Key projects; their overlaps with the red line and protected areas in dark red."),
        .mapPatternTitle: ("生态安全格局 {1}", "Security pattern {1}"),
        .mapPatternCaption: ("按组显示的格局要素；线、点要素下方的浅色范围为其缓冲范围（排序按此面积计算）；连接线画在两要素的最近点之间，相接的要素以短线标出相接处，有廊道路径时沿路径绘制。",
                             "Elements by group; under line and point elements, the footprint they are weighed by; links drawn between the elements' nearest points, as a short tick where they touch, or along the corridor path where there is one."),
        .mapCorridorsTitle: ("生态廊道、夹点与障碍点", "Corridors, pinch points and barriers"),
        .mapCorridorsCaption: ("山体（屏）之间的最小成本廊道及其中心线、夹点（电流最大处）与障碍点（修复后连通性改善最大处），叠加生态保护红线。",
                               "Least-cost corridors between the ranges, their centre lines, pinch points (highest current) and barriers (highest restoration gain), over the red line."),

        .interactiveTitle: ("交互地图", "Interactive map"),
        .interactiveCaption: ("交互地图（离线可用）：右上角切换图层，点击要素查看属性及其面积或长度（CGCS2000 椭球面积、测地线长度，按 geojson/ 中的几何计算）。打印时请使用下列静态地图。",
                              "Interactive map (works offline): switch layers at the top right; click a feature for its attributes and its area or length (ellipsoidal on CGCS2000, geodesic; measured on the geometry in geojson/). The static maps below are for printing."),
        .interactiveUnavailable: ("未找到 Leaflet，未生成交互地图：请安装 Debian 软件包 libjs-leaflet（apt-get install libjs-leaflet）后重新运行。下列静态地图不受影响。",
                                  "No interactive map: Leaflet was not found. Install Debian's libjs-leaflet (apt-get install libjs-leaflet) and run again. The static maps below are complete."),
        .mapLayers: ("图层", "Layers"),
        .mapNoData: ("未显示图层", "no layer shown"),
        .popupArea: ("面积：{km2} 平方千米（{ha} 公顷）", "Area: {km2} km² ({ha} ha)"),
        .popupLength: ("长度：{km} 千米", "Length: {km} km"),
        .popupFeature: ("要素 #{n}", "Feature #{n}"),
        .mapSimplifiedNote: ("“{1}”图斑较多，交互地图中按约 {2} 米网格简化显示（{3} 个小于网格的图斑未绘制；面积按完整几何计算，完整数据见 geojson/）。",
                             "“{1}” is drawn simplified to a grid of about {2} m on the interactive map ({3} features smaller than the grid not drawn; areas are measured on the full geometry, which is in geojson/)."),

        .colLayer: ("图层", "layer"),
        .colKey: ("键", "key"),
        .colFeatures: ("要素数", "features"),
        .colGeometry: ("几何类型", "geometry"),
        .colCRS: ("坐标系", "CRS"),
        .colEncoding: ("字符编码", "text encoding"),
        .colAreaKm2: ("面积（平方千米）", "area (km²)"),
        .colLengthKm: ("长度（千米）", "length (km)"),
        .colRepaired: ("修复数", "repaired"),
        .colShare: ("占比", "share"),
        .colShareOfDistrict: ("占幅员比例", "share of the district"),
        .colAgainst: ("冲突图层", "against"),
        .colName: ("名称", "name"),
        .colClass: ("类型", "class"),
        .colOverlapKm2: ("重叠面积（平方千米）", "overlap (km²)"),
        .colShareOfProject: ("占工程比例", "share of the project"),
        .colClaim: ("核查项", "claim"),
        .colStatus: ("状态", "status"),
        .colStated: ("规划声明", "stated"),
        .colComputed: ("计算值", "computed"),
        .colUnit: ("单位", "unit"),
        .colDifference: ("差值", "difference"),
        .colRelative: ("相对差", "relative"),
        .colGroup: ("组", "group"),
        .colKind: ("类型", "kind"),
        .colLabel: ("标注", "label"),
        .colDeclared: ("规划数量", "declared"),
        .colNamed: ("已列名", "named"),
        .colFound: ("数据中识别", "found"),
        .colElement: ("要素", "element"),
        .colFootprintHa: ("缓冲范围面积（公顷）", "footprint (ha)"),
        .colFootprintKm2: ("缓冲范围面积（平方千米）", "footprint (km²)"),
        .colRank: ("组内排名", "rank"),
        .colInRedLine: ("位于红线内比例", "in red line"),
        .colInProtected: ("位于自然保护地内比例", "in protected areas"),
        .colFrom: ("起点", "from"),
        .colTo: ("终点", "to"),
        .colEuclideanKm: ("直线距离（千米）", "Euclidean (km)"),
        .colCostDistance: ("成本距离", "cost distance"),
        .colPathKm: ("路径长度（千米）", "path (km)"),
        .colCostPerLength: ("成本/长度", "cost/length"),
        .colEffectiveResistance: ("有效电阻", "effective resistance"),
        .colStep: ("步骤", "step"),
        .colSeconds: ("耗时（秒）", "seconds"),
        .colShape: ("形状", "shape"),
        .colLinks: ("连接数", "links"),
        .colBufferM: ("缓冲宽度（米，单侧）", "buffer (m each side)"),
        .colNature: ("连接关系", "nature"),
        .colDistanceM: ("距离（米）", "distance (m)"),
        .colDrawn: ("绘制方式", "drawn"),

        .areaNote: ("面积为 CGCS2000 椭球面积（测地线边），单位平方千米。", "Ellipsoidal area on the CGCS2000 ellipsoid (geodesic edges), km²."),
        .overlayAreaNote: ("面积为叠加分块的 CGCS2000 椭球面积（边界加密至 100 米），单位平方千米。",
                           "Ellipsoidal area on the CGCS2000 ellipsoid of the overlay's pieces (edges densified to 100 m), km²."),
        .districtSameMethod: ("占幅员比例中的幅员面积按同一方法量算。", "The district's area in the shares is measured the same way."),
        .layersCaption: ("读取的图层", "Layers as read"),
        .layersNote: ("面积为 CGCS2000 椭球面积，长度为测地线长度。无效多边形在量算前经 GEOS make-valid 修复，“修复数”列为修复的要素数。“键”为项目文件中的图层名，表格文件（tables/）与 JSON 中使用该键。",
                      "Areas ellipsoidal on CGCS2000; lengths geodesic. Invalid polygons are repaired (GEOS make-valid) before measuring; the repaired column counts them. The key is the layer's name in the project file, as used in tables/ and the JSON."),
        .layerByCaption: ("{1}：按{2}统计", "{1} by {2}"),
        .featureTableCaption: ("{1}：各图斑面积", "{1}: area of each feature"),
        .featureTableNote: ("面积为 CGCS2000 椭球面积（平方千米），按 geojson/ 中的几何计算，与交互地图弹窗中的面积相同；编号为要素在该文件中的顺序。",
                            "Ellipsoidal area on CGCS2000 (km²), measured on the geometry in geojson/, as the interactive map's popups show it; # is the feature's place in that file."),
        .warningsIntro: ("运行时提示：", "Warnings of the run:"),
        .orderNoteNational: ("等级按{1}排序：{2}。", "Grades in the order of {1}: {2}."),
        .standardErosion: ("SL 190-2007《土壤侵蚀分类分级标准》", "SL 190-2007 (soil erosion classification and grading)"),
        .standardKarst: ("岩溶地区石漠化监测分级", "the national grading of karst rocky desertification"),
        .north: ("北", "N"),
        .fieldWithName: ("{1}（{2}）", "{1} ({2})"),
        .encodingCPG: ("据 .cpg", "from .cpg"),
        .encodingLDID: ("据 DBF 语言标识", "from the DBF language id"),
        .encodingFormat: ("格式规定", "by format"),
        .encodingValidated: ("无声明，文本均为有效 UTF-8", "no declaration; all text is valid UTF-8"),
        .encodingUser: ("按指定", "as given"),
        .encodingInferred: ("推断：无 .cpg 或语言标识，且字节不是有效 UTF-8", "inferred: no .cpg or language id, and the bytes are not valid UTF-8"),
        .encodingInferredDeclared: ("推断：声明为 {1}，但字节不是有效 UTF-8", "inferred: {1}, but the bytes are not valid UTF-8"),
        .orderNoteProject: ("类别按项目文件中给出的顺序排列：{1}。", "Classes in the order the project file gives: {1}."),
        .matrixCaption: ("图层叠加矩阵：各行图层被各列图层覆盖的比例（%）", "Overlap matrix: % of each row's layer covered by each column's layer"),
        .matrixNote: ("[1]–[{1}] 列与各行图层对应。图层内部的重叠只计一次。面积为 CGCS2000 椭球面积；叠加分析坐标系 {2}。",
                      "Columns [1]–[{1}] are the rows' layers. Each place is counted once per layer, however often its features overlap. Ellipsoidal areas on CGCS2000; analysis CRS {2}."),
        .matrixAreasCaption: ("各图层面积（重叠只计一次）", "Area of each layer (overlaps counted once)"),
        .crossTabNote: ("单位：平方千米，叠加分块的 CGCS2000 椭球面积（边界加密至 100 米）。", "km², ellipsoidal on CGCS2000, of the overlay's pieces (edges densified to 100 m)."),
        .crossTabSummedOver: ("已对 {1} 求和；完整分项见 tables/（CSV）。", "Summed over {1}; the full breakdown is in tables/ (CSV)."),
        .outsideNote: ("“（范围外）”：位于分组图层范围之外的面积。", "\"(outside)\": outside the grouping layer."),
        .conflictsCaption: ("{2} 项{3}中有 {1} 项与保护地重叠", "{1} of the {2} {3} overlap protected land"),
        .claimsCaption: ("规划声明数据与几何量算及相互之间的核查（{1}）", "Stated figures against the geometry and each other ({1})"),
        .claimsNote: ("容差 {1}。面积为 CGCS2000 椭球面积。", "Tolerance {1}. Ellipsoidal areas on CGCS2000."),
        .claimsPassNote: ("核查成立的数据", "figures that hold"),
        .claimsFailNote: ("核查不成立的数据", "figures that do not"),
        .claimsErrorNote: ("无法核查", "could not be checked"),
        .claimsStatedNote: ("仅用于求和与比例核查", "used by sums and ratios"),
        .patternInventoryCaption: ("规划数量、列名与数据识别（{1}）", "Declared, named and found ({1})"),
        .patternGraphSummary: ("共 {1} 个要素、{2} 条连接、{3} 个连通组分。", "{1} elements, {2} links, {3} component(s)."),
        .patternNoIsolated: ("没有孤立要素。", "No element is isolated."),
        .patternIsolated: ("孤立要素：{1}。", "Isolated: {1}."),
        .patternRule: ("连接规则 {1}", "Rule {1}"),
        .patternRuleDefault: ("连接规则 {1}（简写形式的默认规则）", "Rule {1} (the short form's default)"),
        .patternRuleMet: ("{1}：满足。", "{1}: met."),
        .patternRuleNotMet: ("{1}：{2} 不满足。", "{1}: not met by {2}."),
        .patternCutOff: ("与所有 {1} 均不连通：{2}。", "Cut off from every {1}: {2}."),
        .patternNoRule: ("格局未声明连接规则。", "The pattern declares no link rule."),
        .patternRankingCaption: ("各要素在格局网络中的重要性", "Importance of each element on the pattern graph"),
        .patternRankingNote: ("dPC/dIIC：移除该要素后 PC/IIC 下降的百分比（Saura & Rubio 2010），基于格局网络计算；属性为缓冲范围面积。线、点要素的缓冲宽度（米，单侧）：{1}。",
                              "dPC/dIIC: % loss of PC/IIC when the element is removed (Saura & Rubio 2010), on the pattern graph; attribute = footprint area. Widths of line and point elements (m each side): {1}."),
        .corridorPairsCaption: ("源地对（Linkage Mapper）", "Core pairs (Linkage Mapper)"),
        .corridorPairsNote: ("阻力面 {1} × {2} 个栅格，栅格大小 {3} 米（{4}）；成本 = 阻力 × 米；廊道成本阈值 {5}。",
                             "Resistance {1} × {2} cells of {3} m ({4}); cost = resistance × metres; corridor cut-off {5}."),
        .methodText: ("面积按国家规定采用 CGCS2000 椭球面积（a = 6 378 137 m，1/f = 298.257222101）：图层面积为 Karney 测地线多边形面积；叠加分析在分析坐标系（{1}）中由 GEOS 完成，边界先沿测地线加密至 100 米，各分块面积之和等于原要素面积。其他坐标系的图层经 PROJ 转换（各图层转换情况见表格）。run.json 记录每个输入文件的 SHA-256 校验值。",
                      "Areas are ellipsoidal on the CGCS2000 ellipsoid (a = 6 378 137 m, 1/f = 298.257222101), the national rule: Karney's geodesic polygon area for layers; overlay pieces are cut by GEOS in the analysis CRS ({1}) after densifying edges along geodesics to 100 m, so pieces add up to their features. Layers in other CRSs are transformed with PROJ (reported per layer in the tables). run.json lists every input with its SHA-256 checksum."),
        .stepsCaption: ("运行步骤", "Steps"),

        .stepLayer: ("图层 {1}", "layer {1}"),
        .stepTiles: ("矢量瓦片 {1}", "vector tiles {1}"),
        .stepCrossTab: ("交叉统计 {1}", "cross-tab {1}"),
        .stepMatrix: ("叠加矩阵", "overlap matrix"),
        .stepConflicts: ("冲突分析", "conflicts"),
        .stepClaims: ("数据核查", "claims"),
        .stepPattern: ("生态安全格局", "security pattern"),
        .stepCorridors: ("生态廊道", "corridors"),
        .sectionSources: ("生态源地", "Ecological sources"),
        .sectionResistance: ("综合阻力面", "Resistance surface"),
        .stepSources: ("生态源地（MSPA）", "sources (MSPA)"),
        .stepResistance: ("综合阻力面", "resistance surface"),
        .layerSources: ("生态源地", "ecological sources"),
        .mapSourcesTitle: ("生态源地", "Ecological sources"),
        .mapSourcesCaption: ("由 MSPA 核心区按重要性（dPC）选出的生态源地。", "Sources chosen from the MSPA cores by their importance (dPC)."),
        .mspaCaption: ("MSPA 景观类型（前景：土地覆盖类 {1}）", "MSPA classes (foreground: land-cover class {1})"),
        .mspaNote: ("形态学空间格局分析（Soille & Vogt 2009），采用 GuidosToolbox 的参数与编码：前景 {1} 邻域，边缘宽度 {2} 个栅格（{3} 米）；面积为每个栅格的 CGCS2000 椭球面积之和，七类之和等于前景面积 {4} 平方千米。",
                    "Morphological spatial pattern analysis (Soille & Vogt 2009) with GuidosToolbox's parameters and codes: foreground connectivity {1}, edge width {2} cell(s) ({3} m); areas are sums of each cell's ellipsoidal area on CGCS2000, and the seven classes add up to the foreground's {4} km²."),
        .sourcesCaption: ("候选生态源地（核心区斑块 ≥ {1} 公顷）按 dPC 排序", "Candidate sources (core patches ≥ {1} ha) ranked by dPC"),
        .sourcesNote: ("dPC 为移除斑块后可能连通性指数 PC 的下降百分比（Saura & Rubio 2010）：扩散距离 D = {1} 米，D 处扩散概率 {2}，斑块间距离按{3}计算，面积单位公顷；保留规则：{4}，共保留 {5} 处。",
                       "dPC is the drop of the probability of connectivity PC when the patch is removed (Saura & Rubio 2010): dispersal distance D = {1} m, probability {2} at D, distances {3}, areas in ha; kept by the rule {4}: {5} source(s)."),
        .sourcesMore: ("另有 {1} 个候选斑块见 tables/source_candidates.csv。", "{1} more candidate(s) in tables/source_candidates.csv."),
        .resistanceCaption: ("阻力因子、分级与权重", "Resistance factors, their scoring and weights"),
        .resistanceNote: ("综合阻力 = Σ 权重 × 因子得分 × 修正系数；栅格 {1} × {2}，{3} 米（{4}）；阻力范围 {5}–{6}，无值栅格 {7} 个（不可通行）。",
                          "Resistance = Σ weight × factor score × multipliers; grid {1} × {2} cells of {3} m ({4}); resistance {5}–{6}; {7} NoData cell(s) (impassable)."),
        .resistanceAHP: ("权重由层次分析法判断矩阵的主特征向量求得：λmax = {1}，CI = {2}，RI = {3}（Saaty 1980），CR = {4}{5}。",
                         "Weights are the principal eigenvector of the AHP comparison matrix: λmax = {1}, CI = {2}, RI = {3} (Saaty 1980), CR = {4}{5}."),
        .resistanceMultiplier: ("修正：{1}内 × {2}（{3} 个栅格）。", "Multiplier: × {2} inside {1} ({3} cells)."),
        .colMSPAClass: ("类型", "class"),
        .colCells: ("栅格数", "cells"),
        .colAreaHa: ("面积（公顷）", "area (ha)"),
        .colDPC: ("dPC（%）", "dPC (%)"),
        .colKept: ("保留", "kept"),
        .colReason: ("原因", "reason"),
        .colFactor: ("因子", "factor"),
        .colInput: ("数据", "input"),
        .colScoring: ("分级与得分", "scoring"),
        .colWeight: ("权重", "weight"),
        .colMeanScore: ("平均得分", "mean score"),
        .yes: ("是", "yes"),
        .no: ("否", "no"),
        .stepReport: ("报告", "report"),
        .stepRaster: ("栅格 {1}", "raster {1}"),
        .sectionRasters: ("土地利用与地形", "Land use and terrain"),
        .rasterWhole: ("栅格全幅", "the whole raster"),
        .rasterClassesCaption: ("{1}：各类面积（{2}范围内）", "{1}: area by class (within {2})"),
        .colClassValue: ("代码", "value"),
        .colClassName: ("类别", "class"),
        .outsideRaster: ("栅格范围以外", "beyond the raster"),
        .rasterNoteGeographic: ("面积为 CGCS2000 椭球面积：每个栅格按其落在范围内的精确比例（exactextract 规则）乘以其真实面积计，经纬度栅格的面积为其所在纬线与经线围成的椭球面积。",
                                "Areas are ellipsoidal on CGCS2000: each cell counts with the exact share of it inside the zone (the exactextract rule) times its true area; a lon/lat cell is the area between its parallels and meridians on the ellipsoid."),
        .rasterNoteProjected: ("面积为 CGCS2000 椭球面积：每个栅格按其落在范围内的精确比例（exactextract 规则）乘以其真实面积计，投影栅格的面积为 Δx·Δy 除以投影在该处的面积比例因子（PROJ）。",
                               "Areas are ellipsoidal on CGCS2000: each cell counts with the exact share of it inside the zone (the exactextract rule) times its true area; a projected cell is Δx·Δy divided by the projection's areal scale factor there (PROJ)."),
        .terrainSlopeCaption: ("{1}：坡度分级面积（平方千米，按{2}）", "{1}: area by slope class (km², by {2})"),
        .terrainElevationCaption: ("{1}：高程分带面积（平方千米，按{2}）", "{1}: area by elevation band (km², by {2})"),
        .terrainStatsCaption: ("{1}：高程与坡度（按{2}）", "{1}: elevation and slope (by {2})"),
        .terrainNote: ("坡度按 Horn 法（3×3 窗口，gdaldem 的默认方法）计算，单位为度；经纬度 DEM 的栅格边长按 CGCS2000 椭球逐行换算为米，DEM 边缘与无数据栅格旁取单侧差分。平均高程按面积加权。{1}",
                       "Slope by Horn's method (3×3, gdaldem's default) in degrees; on a lon/lat DEM each row's cell sizes are taken in metres on the CGCS2000 ellipsoid, and differences are one-sided at the DEM's edge and beside NoData. Mean elevation is weighted by area. {1}"),
        .colElevationMean: ("平均高程（米）", "mean elevation (m)"),
        .colElevationMin: ("最低（米）", "lowest (m)"),
        .colElevationMax: ("最高（米）", "highest (m)"),
        .colSlopeMean: ("平均坡度（°）", "mean slope (°)"),
        .colNoData: ("无数据", "no data"),
        .mapTerrainTitle: ("{1}：陡坡与高地", "{1}: steep slopes and high ground"),
        .mapTerrainCaption: ("坡度分级多边形（较陡的两级，最陡一级为 {1} 以上）与高程 {2} 以上区域，由 DEM 计算（见 terrain/ 文件夹，可作为图层使用）。",
                             "Slope class polygons (the two steepest classes, the steepest from {1}) and ground at {2} and above, computed from the DEM (in terrain/, usable as layers)."),
        .mapSteepSlopes: ("坡度分级", "slope classes"),
        .mapHighGround: ("高地", "high ground"),
        .layerLandUse: ("土地利用", "Land use"),
        .layerDEM: ("数字高程模型", "Elevation model (DEM)"),
        .layerRivers: ("河流", "Rivers"),
        .colCount: ("数量（个）", "count"),
        .colInsideKm: ("其中长度（千米）", "inside (km)"),
        .colShareOfLine: ("占线路比例", "share of the line"),
        .crossTabLengthNote: ("线要素按各分块的 CGCS2000 测地线长度统计（千米），在分析坐标系中被面要素切分。",
                              "Lines by the geodesic length of their pieces on CGCS2000 (km), cut by the polygons in the analysis CRS."),
        .crossTabCountNote: ("点要素按个数统计，每个点计入覆盖它的第一个面（边界上的点只计一次）。",
                             "Points counted, each in the first polygon that covers it (a point on a shared edge counts once)."),
        .sectionIndicators: ("规划指标", "Indicators"),
        .statusWarning: ("警示", "warning"),
        .indColIndicator: ("指标", "indicator"),
        .indColAttribute: ("属性", "attribute"),
        .indColUnit: ("单位", "unit"),
        .indColBaseline: ("基期", "baseline"),
        .indColTargets: ("目标", "targets"),
        .indColStatus: ("核查", "status"),
        .indColProgress: ("进度", "progress"),
        .indWay: ("已完成 {1}%（{2} 年）", "{1} % of the way ({2})"),
        .indMet: ("已达成（{1} 年）", "met ({1})"),
        .indNotYet: ("尚未达成（{1} 年）", "not yet ({1})"),
        .indMeasuredTitle: ("{2} 年量算 {1}；目标 {3}（{4} 年）", "measured {1} in {2}; target {3} ({4})"),
        .indTimeGone: ("；时间已过 {1}%", "; {1} % of the time gone"),
        .checkRule: ("规则", "rule"),
        .checkSense: ("方向", "sense"),
        .checkYears: ("年份", "years"),
        .checkTrend: ("趋势", "trend"),
        .checkCumulative: ("累计", "cumulative"),
        .checkPerYear: ("年均", "per-year"),
        .checkFeasibility: ("可行性", "feasibility"),
        .checkBaseline: ("基期", "baseline"),
        .checkProgress: ("进度", "progress"),
        .indicatorsCount: ("指标", "indicators"),
        .indicatorsCountNote: ("约束性 {1} 项，预期性 {2} 项", "{1} binding, {2} expected"),
        .indicatorsBindingFailing: ("约束性指标未达", "binding failing"),
        .indicatorsBindingFailingNote: ("validate 退出码为 1", "make validate exit 1"),
        .indicatorsExpectedFailing: ("预期性指标未达", "expected failing"),
        .indicatorsExpectedFailingNote: ("仅报告", "reported only"),
        .indicatorsWarnings: ("警示", "warnings"),
        .indicatorsWarningsNote: ("与指标方向相悖、趋势反转等", "against the indicator's sense, a reversing trend …"),
        .indicatorsMethod: ("每项指标的基期值与目标值均按规划所述规则核查（“不减少”等，不满足为不成立），并核查指标自身方向（生态保护红线、森林或自然保护地减少、水土流失增加为警示）、年份顺序、累计值（[…] 不应减少）、所需用地能否容纳，以及量算该指标的图层（基期：与基期年份同年的版本；进度：其后的版本）。进度条表示自基期至目标已完成的比例；刻度线表示已过去的时间比例。",
                            "Each indicator's baseline and targets are checked against the rules the plan states (\"not less than\" …: fail), the indicator's own sense (a red line, forest or protected area that shrinks, erosion that grows: warning), the order of its years, its cumulative totals ([…] never fall), the land it must fit in, and the layer that measures it (baseline: the version dated the baseline year; progress: a later one). The bar shows the share of the way from the baseline to the target measured so far; the tick, the share of the time gone."),
        .indicatorsCaption: ("规划指标表（{1}）", "Indicator table ({1})"),
    ]
}

import Foundation
import IncidentMapper
import Testing

/// Answers that know their limits, through the binary: positions outside the covered region
/// get no zone, and positions closer to a coastline than its stated accuracy name both sides.
struct HonestAnswersTests {
    /// Outside 125°W–40°W, 20°S–35°N. Washington: the White House, 38.8977N 77.0365W (USGS
    /// GNIS); Madrid: Puerta del Sol, 40.4169N 3.7035W; 45N 30W: open Atlantic, north-east of
    /// the theatre.
    @Test(arguments: [("Washington", "38.8977 -77.0365"), ("Madrid", "40.4169 -3.7035"), ("45N 30W", "45 -30")])
    func outsideTheCoveredRegionNoZoneIsGiven(name: String, position: String) throws {
        let r = try CLI.run(["check", position, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONParser().parse(r.stdout)
        #expect(json["surface"]?["kind"]?.stringValue == "outside-coverage", "\(name)")
        #expect(json["surface"]?["state"]?.isNull == true, "\(name)")
        #expect(json["surface"]?["certain"]?.boolValue == false, "\(name)")
        #expect(json["coverage"]?["inside"]?.boolValue == false, "\(name)")
        let caveats = (json["caveats"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(caveats.contains { $0.contains("125°W–40°W, 20°S–35°N") }, "\(name): \(caveats)")
        // Venezuela's coast is in the data whole: its distance is still exact.
        #expect((json["venezuela_coast"]?["distance_nm"]?.doubleValue ?? 0) > 1000, "\(name)")
        let text = try CLI.run(["check", position])
        #expect(text.stdout.contains("no zone given"), "\(name): \(text.stdout)")
        for zone in ["territorial-sea", "contiguous-zone", "eez", "high-seas"] {
            #expect(!text.stdout.split(separator: "\n")[0].contains(zone), "\(name): \(text.stdout)")
        }
    }

    /// Airports on small islands lie on land ~100 m from the GSHHG coastline, closer than its
    /// stated accuracy: the answer names land and territorial sea, in text and in JSON.
    /// Positions: Los Roques (Gran Roque) SVRS 11°57'01"N 66°40'12"W (AIP Venezuela AD 2 SVRS,
    /// 11.9503N 66.6700W); Grenada Maurice Bishop TGPY 12°00'15"N 61°47'10"W (AIP Grenada,
    /// 12.0042N 61.7862W).
    @Test(arguments: [("Gran Roque SVRS", "11.9503 -66.6700", "VEN"), ("Maurice Bishop TGPY", "12.0042 -61.7862", "GRD")])
    func closerToTheCoastThanItsAccuracyNamesBothSides(name: String, position: String, state: String) throws {
        let r = try CLI.run(["check", position, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONParser().parse(r.stdout)
        #expect(json["surface"]?["certain"]?.boolValue == false, "\(name)")
        let either = (json["surface"]?["either"]?.arrayValue ?? []).map {
            ($0["kind"]?.stringValue ?? "", $0["state"]?.stringValue ?? "")
        }
        #expect(either.contains { $0 == ("land", state) } && either.contains { $0 == ("territorial-sea", state) },
                "\(name): \(either)")
        let line = try #require(json["near_lines"]?.arrayValue?.first { $0["line"]?.stringValue == "coastline" })
        #expect((line["distance_km"]?.doubleValue ?? 9) < (line["accuracy_km"]?.doubleValue ?? 0), "\(name)")
        let text = try CLI.run(["check", position]).stdout
        #expect(text.contains("land or territorial-sea of \(state)") || text.contains("territorial-sea or land of \(state)"),
                "\(name): \(text)")
        #expect(text.contains("closer than its accuracy"), "\(name): \(text)")
    }

    /// Well clear of every line, the same kind of answer is certain.
    @Test func farFromEveryLineTheAnswerIsCertain() throws {
        let json = try JSONParser().parse(try CLI.run(["check", "13.5 -66.0", "--json"]).stdout)
        #expect(json["surface"]?["kind"]?.stringValue == "eez")
        #expect(json["surface"]?["certain"]?.boolValue == true)
        #expect(json["surface"]?["either"] == nil)
        #expect(json["near_lines"]?.arrayValue?.isEmpty == true)
    }
}

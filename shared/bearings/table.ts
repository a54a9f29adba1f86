/**
 * The bearing catalogue's data, one bearing a line. Kept as text in a module (not a .csv file) so
 * the back end, the UI and the CLI read the same table without a file loader.
 *
 * Columns: designation, type (ball: deep-groove ball; cylindrical_roller: NU/N), bore, outside
 * diameter and width in mm, then the rolling-element geometry where it is published (elements,
 * element diameter, pitch diameter in mm, contact angle in degrees) and the source.
 *
 * Sources:
 * - Boundary dimensions (bore, outside diameter, width): ISO 15 dimension series 10 (60xx), 02
 *   (62xx, NU/N 2xx), 03 (63xx, NU/N 3xx), 00 (160xx), 18 (618xx) and 19 (619xx). The rows that
 *   overlap the BOLTS open parts library's DIN 625-1 table (6000-6007, 6200-6206, 6300-6305,
 *   16002-16007) were checked against it and agree.
 * - Rolling-element geometry is published for two bearings only, by the Case Western Reserve
 *   University Bearing Data Center for its test rig (6205-2RS JEM SKF at the drive end, 6203-2RS
 *   JEM SKF at the fan end); inch values converted to mm.
 * - Every other row has empty geometry: it is estimated from the boundary dimensions by the
 *   approximation in catalogue.ts and always reported as approximate.
 */
export const BEARING_TABLE_CSV = `
designation,type,bore_mm,outer_mm,width_mm,elements,element_mm,pitch_mm,contact_deg,source
6000,ball,10,26,8,,,,0,ISO 15 boundary dimensions; geometry approximate
6001,ball,12,28,8,,,,0,ISO 15 boundary dimensions; geometry approximate
6002,ball,15,32,9,,,,0,ISO 15 boundary dimensions; geometry approximate
6003,ball,17,35,10,,,,0,ISO 15 boundary dimensions; geometry approximate
6004,ball,20,42,12,,,,0,ISO 15 boundary dimensions; geometry approximate
6005,ball,25,47,12,,,,0,ISO 15 boundary dimensions; geometry approximate
6006,ball,30,55,13,,,,0,ISO 15 boundary dimensions; geometry approximate
6007,ball,35,62,14,,,,0,ISO 15 boundary dimensions; geometry approximate
6008,ball,40,68,15,,,,0,ISO 15 boundary dimensions; geometry approximate
6009,ball,45,75,16,,,,0,ISO 15 boundary dimensions; geometry approximate
6010,ball,50,80,16,,,,0,ISO 15 boundary dimensions; geometry approximate
6011,ball,55,90,18,,,,0,ISO 15 boundary dimensions; geometry approximate
6012,ball,60,95,18,,,,0,ISO 15 boundary dimensions; geometry approximate
6013,ball,65,100,18,,,,0,ISO 15 boundary dimensions; geometry approximate
6014,ball,70,110,20,,,,0,ISO 15 boundary dimensions; geometry approximate
6015,ball,75,115,20,,,,0,ISO 15 boundary dimensions; geometry approximate
6016,ball,80,125,22,,,,0,ISO 15 boundary dimensions; geometry approximate
6017,ball,85,130,22,,,,0,ISO 15 boundary dimensions; geometry approximate
6018,ball,90,140,24,,,,0,ISO 15 boundary dimensions; geometry approximate
6019,ball,95,145,24,,,,0,ISO 15 boundary dimensions; geometry approximate
6020,ball,100,150,24,,,,0,ISO 15 boundary dimensions; geometry approximate
6200,ball,10,30,9,,,,0,ISO 15 boundary dimensions; geometry approximate
6201,ball,12,32,10,,,,0,ISO 15 boundary dimensions; geometry approximate
6202,ball,15,35,11,,,,0,ISO 15 boundary dimensions; geometry approximate
6203,ball,17,40,12,8,6.746,28.499,0,published: CWRU Bearing Data Center: fan-end bearing 6203-2RS JEM SKF (ball 0.2656 in, pitch 1.122 in)
6204,ball,20,47,14,,,,0,ISO 15 boundary dimensions; geometry approximate
6205,ball,25,52,15,9,7.94,39.04,0,published: CWRU Bearing Data Center: drive-end bearing 6205-2RS JEM SKF (ball 0.3126 in, pitch 1.537 in)
6206,ball,30,62,16,,,,0,ISO 15 boundary dimensions; geometry approximate
6207,ball,35,72,17,,,,0,ISO 15 boundary dimensions; geometry approximate
6208,ball,40,80,18,,,,0,ISO 15 boundary dimensions; geometry approximate
6209,ball,45,85,19,,,,0,ISO 15 boundary dimensions; geometry approximate
6210,ball,50,90,20,,,,0,ISO 15 boundary dimensions; geometry approximate
6211,ball,55,100,21,,,,0,ISO 15 boundary dimensions; geometry approximate
6212,ball,60,110,22,,,,0,ISO 15 boundary dimensions; geometry approximate
6213,ball,65,120,23,,,,0,ISO 15 boundary dimensions; geometry approximate
6214,ball,70,125,24,,,,0,ISO 15 boundary dimensions; geometry approximate
6215,ball,75,130,25,,,,0,ISO 15 boundary dimensions; geometry approximate
6216,ball,80,140,26,,,,0,ISO 15 boundary dimensions; geometry approximate
6217,ball,85,150,28,,,,0,ISO 15 boundary dimensions; geometry approximate
6218,ball,90,160,30,,,,0,ISO 15 boundary dimensions; geometry approximate
6219,ball,95,170,32,,,,0,ISO 15 boundary dimensions; geometry approximate
6220,ball,100,180,34,,,,0,ISO 15 boundary dimensions; geometry approximate
6300,ball,10,35,11,,,,0,ISO 15 boundary dimensions; geometry approximate
6301,ball,12,37,12,,,,0,ISO 15 boundary dimensions; geometry approximate
6302,ball,15,42,13,,,,0,ISO 15 boundary dimensions; geometry approximate
6303,ball,17,47,14,,,,0,ISO 15 boundary dimensions; geometry approximate
6304,ball,20,52,15,,,,0,ISO 15 boundary dimensions; geometry approximate
6305,ball,25,62,17,,,,0,ISO 15 boundary dimensions; geometry approximate
6306,ball,30,72,19,,,,0,ISO 15 boundary dimensions; geometry approximate
6307,ball,35,80,21,,,,0,ISO 15 boundary dimensions; geometry approximate
6308,ball,40,90,23,,,,0,ISO 15 boundary dimensions; geometry approximate
6309,ball,45,100,25,,,,0,ISO 15 boundary dimensions; geometry approximate
6310,ball,50,110,27,,,,0,ISO 15 boundary dimensions; geometry approximate
6311,ball,55,120,29,,,,0,ISO 15 boundary dimensions; geometry approximate
6312,ball,60,130,31,,,,0,ISO 15 boundary dimensions; geometry approximate
6313,ball,65,140,33,,,,0,ISO 15 boundary dimensions; geometry approximate
6314,ball,70,150,35,,,,0,ISO 15 boundary dimensions; geometry approximate
6315,ball,75,160,37,,,,0,ISO 15 boundary dimensions; geometry approximate
6316,ball,80,170,39,,,,0,ISO 15 boundary dimensions; geometry approximate
6317,ball,85,180,41,,,,0,ISO 15 boundary dimensions; geometry approximate
6318,ball,90,190,43,,,,0,ISO 15 boundary dimensions; geometry approximate
6319,ball,95,200,45,,,,0,ISO 15 boundary dimensions; geometry approximate
6320,ball,100,215,47,,,,0,ISO 15 boundary dimensions; geometry approximate
16001,ball,12,28,7,,,,0,ISO 15 boundary dimensions; geometry approximate
16002,ball,15,32,8,,,,0,ISO 15 boundary dimensions; geometry approximate
16003,ball,17,35,8,,,,0,ISO 15 boundary dimensions; geometry approximate
16004,ball,20,42,8,,,,0,ISO 15 boundary dimensions; geometry approximate
16005,ball,25,47,8,,,,0,ISO 15 boundary dimensions; geometry approximate
16006,ball,30,55,9,,,,0,ISO 15 boundary dimensions; geometry approximate
16007,ball,35,62,9,,,,0,ISO 15 boundary dimensions; geometry approximate
16008,ball,40,68,9,,,,0,ISO 15 boundary dimensions; geometry approximate
16009,ball,45,75,10,,,,0,ISO 15 boundary dimensions; geometry approximate
16010,ball,50,80,10,,,,0,ISO 15 boundary dimensions; geometry approximate
16011,ball,55,90,11,,,,0,ISO 15 boundary dimensions; geometry approximate
16012,ball,60,95,11,,,,0,ISO 15 boundary dimensions; geometry approximate
61800,ball,10,19,5,,,,0,ISO 15 boundary dimensions; geometry approximate
61801,ball,12,21,5,,,,0,ISO 15 boundary dimensions; geometry approximate
61802,ball,15,24,5,,,,0,ISO 15 boundary dimensions; geometry approximate
61803,ball,17,26,5,,,,0,ISO 15 boundary dimensions; geometry approximate
61804,ball,20,32,7,,,,0,ISO 15 boundary dimensions; geometry approximate
61805,ball,25,37,7,,,,0,ISO 15 boundary dimensions; geometry approximate
61806,ball,30,42,7,,,,0,ISO 15 boundary dimensions; geometry approximate
61807,ball,35,47,7,,,,0,ISO 15 boundary dimensions; geometry approximate
61808,ball,40,52,7,,,,0,ISO 15 boundary dimensions; geometry approximate
61809,ball,45,58,7,,,,0,ISO 15 boundary dimensions; geometry approximate
61810,ball,50,65,7,,,,0,ISO 15 boundary dimensions; geometry approximate
61811,ball,55,72,9,,,,0,ISO 15 boundary dimensions; geometry approximate
61812,ball,60,78,10,,,,0,ISO 15 boundary dimensions; geometry approximate
61900,ball,10,22,6,,,,0,ISO 15 boundary dimensions; geometry approximate
61901,ball,12,24,6,,,,0,ISO 15 boundary dimensions; geometry approximate
61902,ball,15,28,7,,,,0,ISO 15 boundary dimensions; geometry approximate
61903,ball,17,30,7,,,,0,ISO 15 boundary dimensions; geometry approximate
61904,ball,20,37,9,,,,0,ISO 15 boundary dimensions; geometry approximate
61905,ball,25,42,9,,,,0,ISO 15 boundary dimensions; geometry approximate
61906,ball,30,47,9,,,,0,ISO 15 boundary dimensions; geometry approximate
61907,ball,35,55,10,,,,0,ISO 15 boundary dimensions; geometry approximate
61908,ball,40,62,12,,,,0,ISO 15 boundary dimensions; geometry approximate
61909,ball,45,68,12,,,,0,ISO 15 boundary dimensions; geometry approximate
61910,ball,50,72,12,,,,0,ISO 15 boundary dimensions; geometry approximate
61911,ball,55,80,13,,,,0,ISO 15 boundary dimensions; geometry approximate
61912,ball,60,85,13,,,,0,ISO 15 boundary dimensions; geometry approximate
NU203,cylindrical_roller,17,40,12,,,,0,ISO 15 boundary dimensions; geometry approximate
NU204,cylindrical_roller,20,47,14,,,,0,ISO 15 boundary dimensions; geometry approximate
NU205,cylindrical_roller,25,52,15,,,,0,ISO 15 boundary dimensions; geometry approximate
NU206,cylindrical_roller,30,62,16,,,,0,ISO 15 boundary dimensions; geometry approximate
NU207,cylindrical_roller,35,72,17,,,,0,ISO 15 boundary dimensions; geometry approximate
NU208,cylindrical_roller,40,80,18,,,,0,ISO 15 boundary dimensions; geometry approximate
NU209,cylindrical_roller,45,85,19,,,,0,ISO 15 boundary dimensions; geometry approximate
NU210,cylindrical_roller,50,90,20,,,,0,ISO 15 boundary dimensions; geometry approximate
NU211,cylindrical_roller,55,100,21,,,,0,ISO 15 boundary dimensions; geometry approximate
NU212,cylindrical_roller,60,110,22,,,,0,ISO 15 boundary dimensions; geometry approximate
NU213,cylindrical_roller,65,120,23,,,,0,ISO 15 boundary dimensions; geometry approximate
NU214,cylindrical_roller,70,125,24,,,,0,ISO 15 boundary dimensions; geometry approximate
NU215,cylindrical_roller,75,130,25,,,,0,ISO 15 boundary dimensions; geometry approximate
NU216,cylindrical_roller,80,140,26,,,,0,ISO 15 boundary dimensions; geometry approximate
NU217,cylindrical_roller,85,150,28,,,,0,ISO 15 boundary dimensions; geometry approximate
NU218,cylindrical_roller,90,160,30,,,,0,ISO 15 boundary dimensions; geometry approximate
NU219,cylindrical_roller,95,170,32,,,,0,ISO 15 boundary dimensions; geometry approximate
NU220,cylindrical_roller,100,180,34,,,,0,ISO 15 boundary dimensions; geometry approximate
NU303,cylindrical_roller,17,47,14,,,,0,ISO 15 boundary dimensions; geometry approximate
NU304,cylindrical_roller,20,52,15,,,,0,ISO 15 boundary dimensions; geometry approximate
NU305,cylindrical_roller,25,62,17,,,,0,ISO 15 boundary dimensions; geometry approximate
NU306,cylindrical_roller,30,72,19,,,,0,ISO 15 boundary dimensions; geometry approximate
NU307,cylindrical_roller,35,80,21,,,,0,ISO 15 boundary dimensions; geometry approximate
NU308,cylindrical_roller,40,90,23,,,,0,ISO 15 boundary dimensions; geometry approximate
NU309,cylindrical_roller,45,100,25,,,,0,ISO 15 boundary dimensions; geometry approximate
NU310,cylindrical_roller,50,110,27,,,,0,ISO 15 boundary dimensions; geometry approximate
NU311,cylindrical_roller,55,120,29,,,,0,ISO 15 boundary dimensions; geometry approximate
NU312,cylindrical_roller,60,130,31,,,,0,ISO 15 boundary dimensions; geometry approximate
NU313,cylindrical_roller,65,140,33,,,,0,ISO 15 boundary dimensions; geometry approximate
NU314,cylindrical_roller,70,150,35,,,,0,ISO 15 boundary dimensions; geometry approximate
NU315,cylindrical_roller,75,160,37,,,,0,ISO 15 boundary dimensions; geometry approximate
NU316,cylindrical_roller,80,170,39,,,,0,ISO 15 boundary dimensions; geometry approximate
NU317,cylindrical_roller,85,180,41,,,,0,ISO 15 boundary dimensions; geometry approximate
NU318,cylindrical_roller,90,190,43,,,,0,ISO 15 boundary dimensions; geometry approximate
NU319,cylindrical_roller,95,200,45,,,,0,ISO 15 boundary dimensions; geometry approximate
NU320,cylindrical_roller,100,215,47,,,,0,ISO 15 boundary dimensions; geometry approximate
N203,cylindrical_roller,17,40,12,,,,0,ISO 15 boundary dimensions; geometry approximate
N204,cylindrical_roller,20,47,14,,,,0,ISO 15 boundary dimensions; geometry approximate
N205,cylindrical_roller,25,52,15,,,,0,ISO 15 boundary dimensions; geometry approximate
N206,cylindrical_roller,30,62,16,,,,0,ISO 15 boundary dimensions; geometry approximate
N207,cylindrical_roller,35,72,17,,,,0,ISO 15 boundary dimensions; geometry approximate
N208,cylindrical_roller,40,80,18,,,,0,ISO 15 boundary dimensions; geometry approximate
N209,cylindrical_roller,45,85,19,,,,0,ISO 15 boundary dimensions; geometry approximate
N210,cylindrical_roller,50,90,20,,,,0,ISO 15 boundary dimensions; geometry approximate
N211,cylindrical_roller,55,100,21,,,,0,ISO 15 boundary dimensions; geometry approximate
N212,cylindrical_roller,60,110,22,,,,0,ISO 15 boundary dimensions; geometry approximate
N213,cylindrical_roller,65,120,23,,,,0,ISO 15 boundary dimensions; geometry approximate
N214,cylindrical_roller,70,125,24,,,,0,ISO 15 boundary dimensions; geometry approximate
N215,cylindrical_roller,75,130,25,,,,0,ISO 15 boundary dimensions; geometry approximate
N216,cylindrical_roller,80,140,26,,,,0,ISO 15 boundary dimensions; geometry approximate
N217,cylindrical_roller,85,150,28,,,,0,ISO 15 boundary dimensions; geometry approximate
N218,cylindrical_roller,90,160,30,,,,0,ISO 15 boundary dimensions; geometry approximate
N219,cylindrical_roller,95,170,32,,,,0,ISO 15 boundary dimensions; geometry approximate
N220,cylindrical_roller,100,180,34,,,,0,ISO 15 boundary dimensions; geometry approximate
N303,cylindrical_roller,17,47,14,,,,0,ISO 15 boundary dimensions; geometry approximate
N304,cylindrical_roller,20,52,15,,,,0,ISO 15 boundary dimensions; geometry approximate
N305,cylindrical_roller,25,62,17,,,,0,ISO 15 boundary dimensions; geometry approximate
N306,cylindrical_roller,30,72,19,,,,0,ISO 15 boundary dimensions; geometry approximate
N307,cylindrical_roller,35,80,21,,,,0,ISO 15 boundary dimensions; geometry approximate
N308,cylindrical_roller,40,90,23,,,,0,ISO 15 boundary dimensions; geometry approximate
N309,cylindrical_roller,45,100,25,,,,0,ISO 15 boundary dimensions; geometry approximate
N310,cylindrical_roller,50,110,27,,,,0,ISO 15 boundary dimensions; geometry approximate
N311,cylindrical_roller,55,120,29,,,,0,ISO 15 boundary dimensions; geometry approximate
N312,cylindrical_roller,60,130,31,,,,0,ISO 15 boundary dimensions; geometry approximate
N313,cylindrical_roller,65,140,33,,,,0,ISO 15 boundary dimensions; geometry approximate
N314,cylindrical_roller,70,150,35,,,,0,ISO 15 boundary dimensions; geometry approximate
N315,cylindrical_roller,75,160,37,,,,0,ISO 15 boundary dimensions; geometry approximate
N316,cylindrical_roller,80,170,39,,,,0,ISO 15 boundary dimensions; geometry approximate
N317,cylindrical_roller,85,180,41,,,,0,ISO 15 boundary dimensions; geometry approximate
N318,cylindrical_roller,90,190,43,,,,0,ISO 15 boundary dimensions; geometry approximate
N319,cylindrical_roller,95,200,45,,,,0,ISO 15 boundary dimensions; geometry approximate
N320,cylindrical_roller,100,215,47,,,,0,ISO 15 boundary dimensions; geometry approximate
`;

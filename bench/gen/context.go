package gen

import "fmt"

// contextSentences are the background sentences that follow the news in real items, per
// section. They carry most of the body's words, and so most of the index's postings.
var contextSentences = map[string][]func(s *scene) string{
	"military-security": {
		func(s *scene) string {
			return "The meetings discussed the current state and future prospects of cooperation in the fields of military, military-technical, and military education."
		},
		func(s *scene) string {
			return fmt.Sprintf("According to ANAMA, more than %s mines and unexploded ordnance have been detected and neutralized since November 2020.", number(s.r.between(100, 260)*1000))
		},
		func(s *scene) string {
			return "The EU reaffirmed its support for humanitarian demining in Azerbaijan's liberated territories."
		},
		func(s *scene) string {
			return fmt.Sprintf("Reconstruction work continues in %s and %s, where demining remains the main obstacle to the return of former residents.", s.liberated().en, s.liberated().en)
		},
		func(s *scene) string {
			return "The Ministry of Defense said the situation on the border remained stable."
		},
		func(s *scene) string {
			return fmt.Sprintf("Military personnel representing the Azerbaijan Army and %d other countries took part.", s.r.between(2, 40))
		},
		func(s *scene) string {
			name, _ := s.minor()
			return fmt.Sprintf("Military expert %s said the cooperation strengthens the country's defense capability.", name)
		},
	},
	"domestic": {
		func(s *scene) string {
			return "Azerbaijani authorities deny the existence of political prisoners in the country."
		},
		func(s *scene) string {
			name, _ := s.minor()
			return fmt.Sprintf("Human rights defender %s said the case shows increasing pressure on civil society and independent media.", name)
		},
		func(s *scene) string {
			return fmt.Sprintf("The Council of Europe and the %s called on the authorities to release the detainees.", pick(s.r, []string{"OSCE", "European Parliament", "UN Human Rights Committee"}))
		},
		func(s *scene) string {
			name, _ := s.minor()
			return fmt.Sprintf("MP %s said the decision reflects the priorities set by President Ilham Aliyev.", name)
		},
		func(s *scene) string {
			return fmt.Sprintf("More than %s people have returned to the liberated territories under the Great Return program.", number(s.r.between(10, 60)*1000))
		},
		func(s *scene) string {
			return "Critics and independent civil society representatives argue that pressure on domestic NGOs has increased."
		},
	},
	"foreign": {
		func(s *scene) string {
			return fmt.Sprintf("The sides discussed the current state and future prospects of cooperation in the fields of %s.", s.fields3())
		},
		func(s *scene) string {
			return "The importance of the Middle Corridor and East-West connectivity projects linking Asia and Europe was emphasized."
		},
		func(s *scene) string {
			return "The parties also discussed the normalization process between Azerbaijan and Armenia and the peace agreement initialed in Washington."
		},
		func(s *scene) string {
			return "The meeting also addressed issues of regional and international security."
		},
		func(s *scene) string {
			o := s.org()
			return fmt.Sprintf("Both sides reaffirmed mutual support for sovereignty and territorial integrity, and cooperation within %s.", o.en)
		},
		func(s *scene) string {
			c := s.country()
			return fmt.Sprintf("Trade turnover between Azerbaijan and %s reached $%s million last year.", c.en, number(s.r.between(50, 9000)))
		},
		func(s *scene) string {
			return "He also highlighted the Digital Silk Way initiative and the Trans-Caspian fiber-optic cable project."
		},
		func(s *scene) string {
			return fmt.Sprintf("The %s also touched upon energy security and the supply of Azerbaijani gas to Europe.", pick(s.r, []string{"sides", "leaders", "ministers"}))
		},
		func(s *scene) string {
			c := s.country()
			return fmt.Sprintf("An invitation to visit %s was extended and accepted with gratitude.", c.en)
		},
		func(s *scene) string {
			return "The sides exchanged views on regional and international issues of mutual interest."
		},
	},
	"economy": {
		func(s *scene) string {
			return "The Southern Gas Corridor remains the main route for Azerbaijani gas to Europe."
		},
		func(s *scene) string {
			return fmt.Sprintf("The State Oil Fund's assets amounted to $%s million at the end of the quarter.", number(s.r.between(45000, 70000)))
		},
		func(s *scene) string {
			return "Experts note that the diversification of the economy away from oil and gas remains slow."
		},
		func(s *scene) string {
			return fmt.Sprintf("The volume of cargo on the Baku–Tbilisi–Kars railway grew by %d%%.", s.r.between(3, 70))
		},
		func(s *scene) string {
			return fmt.Sprintf("Annual inflation stood at %d.%d%%, the State Statistics Committee said.", s.r.between(1, 9), s.r.between(0, 9))
		},
		func(s *scene) string {
			return "The government expects foreign investment in renewable energy to exceed oil sector investment within a decade."
		},
	},
}
